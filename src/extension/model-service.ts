// The one place that knows which models exist, which is active, and holds the active Embeddings in memory.
// Nothing is read at construction: the index is read on first use, the model file when embeddings() is
// first awaited; both are cached. See the contract in notes/contracts.md.
import * as vscode from 'vscode';
import { Embeddings } from '../core/vectors';
import type { ModelFileContents } from '../core/formats/model-file';
import { ModelStore, safeId, type StoreIndex, type StoredModel } from './model-store';
import { installSearchAccelerator, prepareSearch } from '../engine/search';
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

  private index: StoreIndex | undefined;
  private indexLoading: Promise<StoreIndex> | undefined;
  private cache: { id: string; embeddings: Embeddings } | undefined;
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
        this.changed.fire();
        return index;
      },
      (e: unknown) => {
        this.lastError = e instanceof Error ? e.message : String(e);
        this.log?.error(this.lastError);
        this.index = { version: 1, active: null, models: [] };
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
    return this.index.models.map(toInfo);
  }

  activeInfo(): ModelInfo | undefined {
    if (!this.index) {
      void this.ready();
      return undefined;
    }
    const m = this.index.models.find((x) => x.id === this.index!.active);
    return m && toInfo(m);
  }

  async setActive(id: string): Promise<void> {
    await this.ready();
    await this.store.setActive(id);
    this.index = await this.store.readIndex();
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
    const promise = this.store.load(id).then(
      (contents) => {
        const embeddings = new Embeddings([...contents.words], contents.header.dim, contents.data);
        prepareSearch(embeddings); // the first query's one-off work (unit matrix, int8 copy) happens here, once
        if (this.index?.active === id) this.cache = { id, embeddings };
        return embeddings;
      },
      (e: unknown) => {
        const label = this.index?.models.find((m) => m.id === id)?.label ?? id;
        this.lastError = `Could not load the model "${label}": ${e instanceof Error ? e.message : String(e)}`;
        this.failedId = id;
        this.log?.error(this.lastError);
        if (this.notify) {
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
    const stored = await this.store.save(safeId(id), contents, { activate });
    this.index = await this.store.readIndex();
    if (activate && embeddings) this.cache = { id: stored.id, embeddings };
    if (this.failedId === stored.id) this.failedId = undefined;
    this.lastError = undefined;
    this.changed.fire();
    return toInfo(stored);
  }

  async remove(id: string): Promise<void> {
    await this.ready();
    await this.store.remove(id);
    this.index = await this.store.readIndex();
    if (this.cache?.id === id) this.cache = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.trainingChanged.dispose();
  }
}

function toInfo(m: StoredModel): ModelInfo {
  return {
    id: m.id, label: m.label, kind: m.kind, vocabSize: m.vocabSize, tokens: m.tokens, dim: m.dim,
    trainedAt: m.trainedAt, files: m.files, source: m.source, ...(m.learnedFrom ? { learnedFrom: m.learnedFrom } : {}),
  };
}
