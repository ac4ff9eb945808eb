// The webview side of src/protocol: typed requests with ids, resolved by the host's `response`. A client is for one
// view (HostClient<State, 'sidebar' | 'panel'>): it can only send that view's messages (FromView) and reads ToView.
import type {
  CompareChangedMessage, FromView, ModelChangedMessage, RequestOfView, ResultMap, ShowMessage, ToView, ViewName,
} from '../../src/protocol';

interface VsCodeApi<S> { postMessage(message: unknown): void; getState(): S | undefined; setState(state: S): void }
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

type RequestOf<V extends ViewName, T extends RequestOfView<V>> = Extract<FromView<V>, { type: T }>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class RequestError extends Error {}

export interface HostEvents {
  onModel(message: ModelChangedMessage): void;
  onShow(message: ShowMessage): void;
  /** a comparison started or was saved (panel) */
  onCompare?(message: CompareChangedMessage): void;
}

export class HostClient<S, V extends ViewName> {
  private readonly api: VsCodeApi<S> = acquireVsCodeApi<S>();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(events: HostEvents) {
    window.addEventListener('message', (ev: MessageEvent<ToView<V>>) => {
      const msg = ev.data as ToView<'panel'>; // the widest union: a sidebar simply never receives compare.changed
      if (!msg || typeof msg !== 'object') return;
      switch (msg.type) {
        case 'response': {
          const p = this.pending.get(msg.id);
          if (!p) return;
          this.pending.delete(msg.id);
          if (msg.ok) p.resolve(msg.result); else p.reject(new RequestError(msg.error));
          return;
        }
        case 'model.changed': events.onModel(msg); return;
        case 'show': events.onShow(msg); return;
        case 'compare.changed': events.onCompare?.(msg); return;
      }
    });
  }

  request<T extends RequestOfView<V>>(message: WithoutId<RequestOf<V, T>> & { type: T }): Promise<ResultMap[T]> {
    const id = this.nextId++;
    return new Promise<ResultMap[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ ...message, id });
    });
  }

  notify(message: Exclude<FromView<V>, { id: number }>): void { this.api.postMessage(message); }
  getState(): S | undefined { return this.api.getState(); }
  setState(state: S): void { this.api.setState(state); }
}

/**
 * Keeps only the latest of overlapping calls: `run(p)` resolves to p's value, or to `undefined`
 * when a newer call started before p settled (stale answers are dropped, not shown).
 */
export class Latest {
  private seq = 0;
  async run<T>(p: Promise<T>): Promise<T | undefined> {
    const mine = ++this.seq;
    try {
      const v = await p;
      return mine === this.seq ? v : undefined;
    } catch (err) {
      if (mine === this.seq) throw err;
      return undefined;
    }
  }
}
