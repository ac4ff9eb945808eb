// Model files under the extension's storage: <storage>/models/<id>.emblens plus models/index.json.
// Every write is atomic: the bytes go to "<file>.tmp", then a rename with overwrite replaces the old file,
// so until the rename the previous model is intact, and a failed write (disk full, read-only) leaves it.
import * as vscode from 'vscode';
import {
  MODEL_FILE_EXTENSION,
  readModelFile,
  writeModelFile,
  type ModelFileContents,
  type ModelFileHeader,
} from '../core/formats/model-file';
import type { ModelSummary } from '../protocol';
import { parseLearnedFrom } from '../core/code/source-report';

/** An entry of the store's index: what the views show of a model, plus its file size. */
export interface StoredModel extends ModelSummary {
  bytes: number;
}

export interface StoreIndex {
  version: 1;
  active: string | null;
  models: StoredModel[];
}

/** The subset of vscode.FileSystem the store uses (tests can wrap it to simulate failures). */
export type StoreFileSystem = Pick<vscode.FileSystem, 'readFile' | 'writeFile' | 'rename' | 'delete' | 'createDirectory' | 'stat'>;

export class ModelStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelStoreError';
  }
}

const INDEX = 'index.json';

export class ModelStore {
  readonly folder: vscode.Uri;
  private queue: Promise<unknown> = Promise.resolve(); // index read-modify-writes run one at a time

  constructor(storageRoot: vscode.Uri, private readonly fs: StoreFileSystem = vscode.workspace.fs) {
    this.folder = vscode.Uri.joinPath(storageRoot, 'models');
  }

  /** storageUri when a workspace is open, else globalStorageUri. */
  static forContext(context: vscode.ExtensionContext): ModelStore {
    return new ModelStore(context.storageUri ?? context.globalStorageUri);
  }

  fileUri(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${safeId(id)}${MODEL_FILE_EXTENSION}`);
  }

  async readIndex(): Promise<StoreIndex> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(vscode.Uri.joinPath(this.folder, INDEX));
    } catch {
      return { version: 1, active: null, models: [] }; // nothing saved yet
    }
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<StoreIndex>;
      const models = (Array.isArray(parsed.models) ? parsed.models.filter(isStoredModel) : []).map((m) => {
        const learnedFrom = parseLearnedFrom(m.learnedFrom);
        return learnedFrom ? { ...m, learnedFrom } : { ...m, learnedFrom: undefined };
      });
      const active = typeof parsed.active === 'string' && models.some((m) => m.id === parsed.active) ? parsed.active : null;
      return { version: 1, active, models };
    } catch {
      throw new ModelStoreError(`The model index ${vscode.Uri.joinPath(this.folder, INDEX).fsPath} is corrupted; train again or delete it.`);
    }
  }

  async writeIndex(index: StoreIndex): Promise<void> {
    await this.atomicWrite(vscode.Uri.joinPath(this.folder, INDEX), new TextEncoder().encode(JSON.stringify(index, null, 2)));
  }

  /** Writes the model file atomically and records it in the index (optionally as the active model). */
  save(id: string, contents: ModelFileContents, options: { activate: boolean }): Promise<StoredModel> {
    return this.exclusive(() => this.saveNow(id, contents, options));
  }

  private async saveNow(id: string, contents: ModelFileContents, options: { activate: boolean }): Promise<StoredModel> {
    const bytes = writeModelFile(contents);
    const uri = this.fileUri(id);
    await this.atomicWrite(uri, bytes);
    const entry = toStored(id, contents.header, bytes.length);
    const index = await this.readIndex().catch(() => ({ version: 1 as const, active: null, models: [] }));
    index.models = [...index.models.filter((m) => m.id !== id), entry];
    if (options.activate) index.active = id;
    await this.writeIndex(index);
    return entry;
  }

  async load(id: string): Promise<ModelFileContents> {
    const uri = this.fileUri(id);
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(uri);
    } catch (e) {
      throw new ModelStoreError(`Could not read the model file ${uri.fsPath}: ${message(e)}`);
    }
    return readModelFile(bytes);
  }

  async readBytes(id: string): Promise<Uint8Array> {
    return this.fs.readFile(this.fileUri(id));
  }

  setActive(id: string | null): Promise<void> {
    return this.exclusive(() => this.setActiveNow(id));
  }

  private async setActiveNow(id: string | null): Promise<void> {
    const index = await this.readIndex();
    if (id !== null && !index.models.some((m) => m.id === id)) throw new ModelStoreError(`No stored model with id "${id}".`);
    index.active = id;
    await this.writeIndex(index);
  }

  remove(id: string): Promise<void> {
    return this.exclusive(() => this.removeNow(id));
  }

  private async removeNow(id: string): Promise<void> {
    const index = await this.readIndex();
    index.models = index.models.filter((m) => m.id !== id);
    if (index.active === id) index.active = index.models.at(-1)?.id ?? null;
    await this.writeIndex(index);
    await this.fs.delete(this.fileUri(id), { useTrash: false }).then(undefined, () => undefined);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async atomicWrite(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
    const tmp = target.with({ path: target.path + '.tmp' });
    try {
      await this.fs.createDirectory(this.folder);
      await this.fs.writeFile(tmp, bytes);
      // On a full disk writeFile can "succeed" with a truncated file (seen in code-server's extension host):
      // check the size before the rename, which would otherwise replace the old model with a broken one.
      const written = (await this.fs.stat(tmp)).size;
      if (written !== bytes.length) {
        throw new Error(`ENOSPC: only ${written} of ${bytes.length} bytes could be written (is the disk full?)`);
      }
      await this.fs.rename(tmp, target, { overwrite: true });
    } catch (e) {
      await this.fs.delete(tmp, { useTrash: false }).then(undefined, () => undefined);
      throw new ModelStoreError(`Could not save ${target.fsPath}: ${message(e)}. The previous model was kept.`);
    }
  }
}

export function safeId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 80);
  return s === '' ? 'model' : s;
}

function toStored(id: string, h: ModelFileHeader, bytes: number): StoredModel {
  const learnedFrom = parseLearnedFrom(h.extra?.learnedFrom);
  return {
    id, label: h.label, kind: h.kind, vocabSize: h.vocabSize, tokens: h.tokens, dim: h.dim,
    trainedAt: h.trainedAt, files: h.files, source: h.source, bytes, ...(learnedFrom ? { learnedFrom } : {}),
  };
}

function isStoredModel(m: unknown): m is StoredModel {
  const o = m as StoredModel;
  return typeof o === 'object' && o !== null && typeof o.id === 'string' && typeof o.label === 'string' && typeof o.kind === 'string'
    && typeof o.vocabSize === 'number' && typeof o.dim === 'number';
}

export function message(e: unknown): string {
  if (e instanceof vscode.FileSystemError) return e.message || e.code;
  return e instanceof Error ? e.message : String(e);
}
