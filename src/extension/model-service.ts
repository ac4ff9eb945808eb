// The one place that knows which models exist, which is active in this window, and holds the active
// Embeddings in memory. Nothing is read at construction: the index is read on first use, the model file when
// embeddings() is first awaited; both are cached. Other windows on the same workspace share the store
// (model-store.ts), so the service re-reads it when the store's folder changes or the window gains focus,
// and offers a model trained elsewhere instead of switching to it unasked.
import * as vscode from 'vscode';
import { Embeddings } from '../core/vectors';
import type { ModelFileContents, ModelFileHeader } from '../core/formats/model-file';
import { ModelReferenceError, type ModelReference } from '../core/model-reference';
import { modelSummary, ModelStore, safeId, type GroupFile, type StoredModel, type StoreIndex } from './model-store';
import { loadReferencedModel, offerReferenceFix } from './referenced-models';
import { loadStoredEmbeddings } from './stored-models';
import { installSearchAccelerator, prepareSearch } from '../engine/search';
import { queriesFor, releaseQueries } from '../engine/query-worker';
import { plainNotificationText } from '../core/notification-text';
import type { ModelSummary } from '../protocol';

/** What the views show of a model: the protocol's ModelSummary, so host and webview share one shape. */
export type ModelInfo = ModelSummary;

export interface TrainingState {
  running: boolean;
  fraction?: number;
  phase?: 'reading' | 'training' | 'saving';
}

export class ModelService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  private readonly trainingChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeTraining: vscode.Event<void> = this.trainingChanged.event;
  private readonly discovered = new vscode.EventEmitter<ModelInfo[]>();
  /** Models another window saved (or replaced) since this window last read the store. */
  readonly onDidDiscover: vscode.Event<ModelInfo[]> = this.discovered.event;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshing: Promise<void> | undefined;
  /** bumped by every change this window makes, so a re-read started before it cannot undo it */
  private version = 0;

  private index: StoreIndex | undefined;
  private indexLoading: Promise<StoreIndex> | undefined;
  private cached: { id: string; embeddings: Embeddings } | undefined;
  /** The model in memory. Dropping one stops its query worker, if it has one (engine/query-worker.ts). */
  private get cache(): { id: string; embeddings: Embeddings } | undefined {
    return this.cached;
  }
  private set cache(next: { id: string; embeddings: Embeddings } | undefined) {
    const old = this.cached?.embeddings;
    this.cached = next;
    if (old && old !== next?.embeddings) releaseQueries(old);
  }
  private loading: { id: string; promise: Promise<Embeddings | undefined> } | undefined;
  private training: TrainingState = { running: false };
  private lastError: string | undefined;
  private failedId: string | undefined; // the active model failed to load: don't re-read it on every hover

  /** `notify`: show load errors to the user (the extension's service does; tests' extra services don't). */
  constructor(readonly store: ModelStore, private readonly log?: vscode.LogOutputChannel, private readonly notify = false) {
    // Queries (hover, views, evaluation) through dist/search.wasm; core falls back to its JS loops without it.
    if (!installSearchAccelerator()) this.log?.warn('dist/search.wasm not found: neighbour queries use the slower JS path');
  }

  /** Reads the index once (lazily); later calls return the cached one. */
  ready(): Promise<StoreIndex> {
    if (this.index) return Promise.resolve(this.index);
    this.indexLoading ??= this.store.readIndex().then(
      (index) => {
        this.index = index;
        if (this.notify) this.watch();
        this.changed.fire();
        return index;
      },
      (e: unknown) => {
        this.lastError = e instanceof Error ? e.message : String(e);
        this.log?.error(this.lastError);
        this.index = { active: null, models: [] };
        this.changed.fire();
        return this.index;
      },
    );
    return this.indexLoading;
  }

  /** True once the index has been read. */
  isReady(): boolean {
    return this.index !== undefined;
  }

  list(): ModelInfo[] {
    if (!this.index) {
      void this.ready();
      return [];
    }
    return this.index.models.map(modelSummary);
  }

  activeInfo(): ModelInfo | undefined {
    if (!this.index) {
      void this.ready();
      return undefined;
    }
    const m = this.index.models.find((x) => x.id === this.index!.active);
    return m && modelSummary(m);
  }

  /** Watches the store for other windows' saves (the extension's own service; tests call refresh()). */
  private watch(): void {
    if (this.disposables.length) return;
    const refreshSoon = debounce(() => void this.refresh(), 300);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.store.folder, '*.entry.json'));
    this.disposables.push(
      watcher, watcher.onDidCreate(refreshSoon), watcher.onDidChange(refreshSoon), watcher.onDidDelete(refreshSoon),
      // a watcher can miss events (another host, a network file system): a check on focus catches up
      vscode.window.onDidChangeWindowState((w) => { if (w.focused) refreshSoon(); }),
      { dispose: () => refreshSoon.cancel() },
    );
  }

  /**
   * Re-reads the store. Models that another window saved since the last read are announced on onDidDiscover
   * (and, for the extension's own service, offered to the user); this window's active model stays unless it was
   * removed.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshNow().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    let fresh: StoreIndex;
    let old: StoreIndex | undefined;
    for (;;) {
      const version = this.version;
      if (!this.index) return; // not read yet: the first read sees everything
      try {
        fresh = await this.store.readIndex();
      } catch {
        return;
      }
      old = this.index;
      if (version === this.version) break; // else this window saved or switched meanwhile: read again
    }
    const known = new Map(old.models.map((m) => [m.id, m.savedAt]));
    const arrived = fresh.models.filter((m) => m.writer !== this.store.writer && known.get(m.id) !== m.savedAt);
    const keep = old.active !== null && fresh.models.some((m) => m.id === old.active);
    const active = keep ? old.active : fresh.active;
    const sameList = fresh.models.length === old.models.length && fresh.models.every((m) => known.get(m.id) === m.savedAt);
    this.index = { active, models: fresh.models };
    if (!keep && this.cache?.id === old.active) this.cache = undefined;
    if (sameList && active === old.active) return;
    this.changed.fire();
    if (arrived.length === 0) return;
    const infos = arrived.map(modelSummary);
    this.discovered.fire(infos);
    if (this.notify) void this.offer(infos.at(-1)!);
  }

  private async offer(info: ModelInfo): Promise<void> {
    if (this.index?.active === info.id && this.cache?.id !== info.id) return; // already the one this window uses next
    const pick = await vscode.window.showInformationMessage(
      `Embedding Lens: the model "${plainNotificationText(info.label)}" (${info.vocabSize.toLocaleString('en')} words) was saved in another window on this workspace. Use it here?`,
      'Use It',
    );
    if (pick === 'Use It') await this.useLatest(info.id);
  }

  /** Switches to a model, reading its file anew even when an older version of it is in memory. */
  async useLatest(id: string): Promise<void> {
    if (this.cache?.id === id) this.cache = undefined;
    await this.setActive(id);
  }

  async setActive(id: string): Promise<void> {
    await this.ready();
    this.version++;
    await this.store.setActive(id);
    this.index = { ...(await this.store.readIndex()), active: id };
    this.version++;
    this.failedId = undefined;
    this.changed.fire();
  }

  /** The active model's vectors, loaded on first use and cached. Undefined when there is no model. */
  async embeddings(): Promise<Embeddings | undefined> {
    const index = await this.ready();
    const id = index.active;
    if (!id) return undefined;
    if (this.cache?.id === id) return this.cache.embeddings;
    if (this.loading?.id === id) return this.loading.promise;
    if (this.failedId === id) return undefined;
    const stored = index.models.find((m) => m.id === id);
    // A reference is read from the user's file by the load worker; a model file from the store, by the load
    // worker too. Either way the worker prepares the search (unit matrix, int8 copy) and this thread only wraps it.
    const reading = stored?.reference
      ? loadReferencedModel(stored as StoredModel & { reference: ModelReference })
      : loadStoredEmbeddings(this.store, id);
    const promise = reading.then(
      (embeddings) => {
        prepareSearch(embeddings); // a no-op for a model the worker prepared (all of them, unless it had no memory)
        if (this.index?.active === id) this.cache = { id, embeddings };
        return embeddings;
      },
      (e: unknown) => {
        const label = this.index?.models.find((m) => m.id === id)?.label ?? id;
        this.lastError = `Could not load the model "${label}": ${e instanceof Error ? e.message : String(e)}`;
        this.failedId = id;
        this.log?.error(this.lastError);
        if (this.notify && e instanceof ModelReferenceError && stored) void offerReferenceFix(stored, e, (x) => this.remove(x));
        else if (this.notify) {
          void vscode.window.showErrorMessage(`Embedding Lens: ${plainNotificationText(this.lastError)}. Train again or load embeddings from a file.`);
        }
        return undefined;
      },
    );
    this.loading = { id, promise };
    void promise.finally(() => {
      if (this.loading?.promise === promise) this.loading = undefined;
    });
    return promise;
  }

  /** The cached active embeddings if already in memory (never waits). */
  loadedEmbeddings(): Embeddings | undefined {
    return this.cache && this.index?.active === this.cache.id ? this.cache.embeddings : undefined;
  }

  /** True when the active model in memory answers its queries in its query worker (engine/query-worker.ts). */
  queriesOffThread(): boolean {
    const emb = this.loadedEmbeddings();
    return emb !== undefined && queriesFor(emb).offThread;
  }

  /** The last load error, for messages ("model file is corrupted: checksum mismatch"). */
  lastLoadError(): string | undefined {
    return this.lastError;
  }

  trainingState(): TrainingState {
    return { ...this.training };
  }

  setTrainingState(state: TrainingState): void {
    this.training = state;
    this.trainingChanged.fire();
  }

  /** Saves a model (atomic) and, when activate is set, makes it active and caches its vectors. */
  async add(id: string, contents: ModelFileContents, embeddings: Embeddings | undefined, activate: boolean): Promise<ModelInfo> {
    await this.ready();
    this.version++;
    return this.added(await this.store.save(safeId(id), contents, { activate }), embeddings, activate);
  }

  /**
   * Saves an imported model: a model file encoded already (by the load worker), or a reference to the user's
   * own file(s) instead of a copy. Activates it and caches its vectors as add() does.
   */
  async addImported(id: string, what: { header: ModelFileHeader; encoded: Uint8Array } | { summary: Omit<ModelInfo, 'id'>; reference: ModelReference },
    embeddings: Embeddings, activate: boolean): Promise<ModelInfo> {
    await this.ready();
    this.version++;
    const stored = 'encoded' in what
      ? await this.store.saveEncoded(safeId(id), what.header, what.encoded, { activate })
      : await this.store.saveReference(safeId(id), what.summary, what.reference, { activate });
    return this.added(stored, embeddings, activate);
  }

  private async added(stored: StoredModel, embeddings: Embeddings | undefined, activate: boolean): Promise<ModelInfo> {
    const fresh = await this.store.readIndex();
    this.index = { models: fresh.models, active: activate ? stored.id : this.index?.active ?? fresh.active };
    this.version++;
    if (activate && embeddings) this.cache = { id: stored.id, embeddings };
    if (this.failedId === stored.id) this.failedId = undefined;
    this.lastError = undefined;
    this.changed.fire();
    return modelSummary(stored);
  }

  /**
   * Saves several models (and small files beside them) all or nothing (ModelStore.saveGroup); the one marked
   * `activate` becomes active, with its vectors cached when given.
   */
  async addGroup(items: { id: string; contents: ModelFileContents; embeddings?: Embeddings; activate?: boolean }[], files: GroupFile[] = []): Promise<ModelInfo[]> {
    await this.ready();
    this.version++;
    const stored = await this.store.saveGroup(items.map((i) => ({ id: safeId(i.id), contents: i.contents, activate: i.activate })), files);
    const fresh = await this.store.readIndex();
    const active = items.find((i) => i.activate);
    this.index = { models: fresh.models, active: active ? safeId(active.id) : this.index?.active ?? fresh.active };
    this.version++;
    if (active?.embeddings) this.cache = { id: safeId(active.id), embeddings: active.embeddings };
    if (this.failedId && stored.some((m) => m.id === this.failedId)) this.failedId = undefined;
    this.lastError = undefined;
    this.changed.fire();
    return stored.map(modelSummary);
  }

  async remove(id: string): Promise<void> {
    await this.ready();
    this.version++;
    await this.store.remove(id);
    const fresh = await this.store.readIndex();
    const keep = this.index?.active !== id && fresh.models.some((m) => m.id === this.index?.active);
    this.index = { models: fresh.models, active: keep ? this.index!.active : fresh.active };
    this.version++;
    if (this.cache?.id === id) this.cache = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.cache = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
    this.trainingChanged.dispose();
    this.discovered.dispose();
  }
}

function debounce(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  return Object.assign(run, { cancel: () => clearTimeout(timer) });
}
