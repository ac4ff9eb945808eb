// Saved models of one workspace, where every window on that workspace finds them.
//
// VS Code gives each window its own storageUri, and code-server hands a new one to a window opened while an
// earlier window on the same folder is still held for reconnection; models kept there were lost to every new
// tab. So the models of a workspace live under globalStorageUri, in a folder named by a stable identity of the
// workspace (workspace-identity.ts):
//
//   <root>/workspace.json            what the folder belongs to (for "Delete Saved Models…")
//   <root>/active.json               the model a new window starts with
//   <root>/models/<id>.entry.json    one entry per model: what the views show, and which file holds it
//   <root>/models/<id>.<stamp>.emblens  that file (versioned, checksummed: core/formats/model-file.ts)
//
// An entry may instead hold a reference (core/model-reference.ts): a big imported vectors file is not copied;
// the entry says where it is, how to read it and what it was, and no model file exists for it. Older
// versions ignore such entries (they require `file`).
//
// Two windows (two extension hosts) may write at once, so there is no shared index file to read-modify-write:
// the index is the set of entries, each written on its own by an atomic rename. A save writes a new,
// uniquely named model file and then its entry (the commit point), and only then deletes the file the old
// entry named; an entry therefore always names a complete file, a reader never sees torn JSON, and two windows
// saving different models never lose each other's entry. Temporary files carry the writer's id, so two
// writers never share one.
import * as vscode from 'vscode';
import {
  MODEL_FILE_EXTENSION,
  readModelFile,
  writeModelFile,
  inputMatrices,
  type ModelFileContents,
  type ModelFileHeader,
} from '../core/formats/model-file';
import { isModelSourceKind } from '../core/model-kinds';
import { isModelReference, type ModelReference } from '../core/model-reference';
import type { ModelSummary, StabilitySummary } from '../protocol';
import { parseLearnedFrom } from '../core/code/source-report';

/** An entry of the store: what the views show of a model, plus its file and who saved it when. */
export interface StoredModel extends ModelSummary {
  /** bytes in the store (0 for a reference) */
  bytes: number;
  /** the model file's name inside models/ (absent for a reference) */
  file?: string;
  /** instead of a file: the user's own file(s) the model is read from (a big imported file, not copied) */
  reference?: ModelReference;
  /** the window that saved it (vscode.env.sessionId), so a window can tell models trained elsewhere */
  writer: string;
  savedAt: string;
}

export interface GroupItem { id: string; contents: ModelFileContents; activate?: boolean }
export interface GroupFile { name: string; bytes: Uint8Array }

export interface StoreIndex {
  active: string | null;
  models: StoredModel[];
}

/** The subset of vscode.FileSystem the store uses (tests can wrap it to simulate failures). */
export type StoreFileSystem = Pick<vscode.FileSystem, 'readFile' | 'writeFile' | 'rename' | 'delete' | 'createDirectory' | 'stat' | 'readDirectory'>;

export class ModelStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelStoreError';
  }
}

export interface StoreOptions {
  fs?: StoreFileSystem;
  /** who writes (default: this window's session) */
  writer?: string;
  /** older per-window stores to move in on first use (see model-store-migration.ts) */
  migrate?: (store: ModelStore) => Promise<void>;
  /** recorded in workspace.json */
  describe?: { identity: string; label: string };
}

const ENTRY = '.entry.json';
const ACTIVE = 'active.json';
const WORKSPACE = 'workspace.json';

export class ModelStore {
  readonly root: vscode.Uri;
  readonly folder: vscode.Uri;
  readonly writer: string;
  private readonly fs: StoreFileSystem;
  private queue: Promise<unknown> = Promise.resolve(); // this window's writes run one at a time
  private migration: Promise<void> | undefined;
  private readonly options: StoreOptions;

  constructor(root: vscode.Uri, options: StoreOptions | StoreFileSystem = {}) {
    // a bare file system is accepted for the tests' fault injection
    this.options = 'readFile' in options ? { fs: options } : options;
    this.root = root;
    this.folder = vscode.Uri.joinPath(root, 'models');
    this.fs = this.options.fs ?? vscode.workspace.fs;
    this.writer = this.options.writer ?? `${vscode.env.sessionId}:${process.pid}`;
  }

  private entryUri(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${safeId(id)}${ENTRY}`);
  }

  /** Runs the one-off migration of older stores before the first read or write. */
  private ready(): Promise<void> {
    if (!this.options.migrate) return Promise.resolve();
    this.migration ??= this.options.migrate(this).catch(() => undefined);
    return this.migration;
  }

  /** The file the model's entry names. */
  async fileUri(id: string): Promise<vscode.Uri> {
    await this.ready();
    const entry = await this.readEntry(id);
    if (!entry) throw new ModelStoreError(`No stored model with id "${id}".`);
    if (!entry.file) throw new ModelStoreError(`The model "${entry.label}" has no file in the store: it refers to ${entry.reference?.source.uri ?? 'another file'}.`);
    return vscode.Uri.joinPath(this.folder, entry.file);
  }

  async readIndex(): Promise<StoreIndex> {
    await this.ready();
    return this.list();
  }

  private async list(): Promise<StoreIndex> {
    let names: [string, vscode.FileType][];
    try {
      names = await this.fs.readDirectory(this.folder);
    } catch {
      return { active: null, models: [] }; // nothing saved yet
    }
    const entries = await Promise.all(names.filter(([n]) => n.endsWith(ENTRY)).map(([n]) => this.readEntryFile(vscode.Uri.joinPath(this.folder, n))));
    const models = entries.filter((m): m is StoredModel => m !== undefined).sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0));
    const active = await this.readActive();
    return { active: active !== null && models.some((m) => m.id === active) ? active : null, models };
  }

  private async readEntry(id: string): Promise<StoredModel | undefined> {
    return this.readEntryFile(this.entryUri(id));
  }

  private async readEntryFile(uri: vscode.Uri): Promise<StoredModel | undefined> {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(await this.fs.readFile(uri))) as unknown;
      if (!isStoredModel(parsed)) return undefined;
      // the entry is read from disk: its report is checked field by field like the rest
      const learnedFrom = parseLearnedFrom(parsed.learnedFrom);
      return { ...parsed, learnedFrom };
    } catch {
      return undefined; // vanished between the listing and the read (another window removed it), or not ours
    }
  }

  private async readActive(): Promise<string | null> {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(await this.fs.readFile(vscode.Uri.joinPath(this.root, ACTIVE)))) as { id?: unknown };
      return typeof parsed.id === 'string' ? parsed.id : null;
    } catch {
      return null;
    }
  }

  /** Writes the model file, then its entry (atomically, in that order), then drops the file it replaces. */
  save(id: string, contents: ModelFileContents, options: { activate: boolean }): Promise<StoredModel> {
    return this.exclusive(() => this.saveNow(id, contents.header, inputMatrices(contents).length, () => writeModelFile(contents), options));
  }

  /** save() for a model file encoded already (off the host's thread: the load worker encodes imports). */
  saveEncoded(id: string, header: ModelFileHeader, bytes: Uint8Array, options: { activate: boolean }): Promise<StoredModel> {
    return this.exclusive(() => this.saveNow(id, header, 1, () => bytes, options)); // an import: one matrix
  }

  /**
   * Records a model that is read from the user's own file(s) instead of a copy: only its entry is written
   * (atomically); a model file the entry replaces is dropped.
   */
  saveReference(id: string, summary: Omit<ModelSummary, 'id'>, reference: ModelReference, options: { activate: boolean }): Promise<StoredModel> {
    return this.exclusive(async () => {
      await this.ready();
      await this.describeWorkspace();
      const previous = await this.readEntry(id);
      const entry: StoredModel = { ...modelSummary({ ...summary, id }), bytes: 0, reference, writer: this.writer, savedAt: new Date().toISOString() };
      await this.atomicWrite(this.entryUri(id), json(entry));
      await this.dropFile(previous, undefined);
      if (options.activate) await this.writeActive(id);
      return entry;
    });
  }

  /** Deletes the model file a replaced entry named, unless the new entry names it too. */
  private async dropFile(previous: StoredModel | undefined, keep: string | undefined): Promise<void> {
    if (previous?.file && previous.file !== keep) await this.deleteQuietly(vscode.Uri.joinPath(this.folder, previous.file));
  }

  // ---- for the migration of older stores, which runs inside ready() and so must not wait for it

  /** Records a model whose file already sits in models/ under `file`. */
  adopt(summary: ModelSummary, file: string, bytes: number, savedAt: string): Promise<StoredModel> {
    return this.exclusive(async () => {
      const previous = await this.readEntry(summary.id);
      const entry: StoredModel = { ...modelSummary(summary), bytes, file, writer: this.writer, savedAt };
      await this.atomicWrite(this.entryUri(summary.id), json(entry));
      await this.dropFile(previous, file);
      return entry;
    });
  }

  peek(id: string): Promise<StoredModel | undefined> {
    return this.readEntry(id);
  }

  async activateIfNone(id: string): Promise<void> {
    if ((await this.readActive()) === null) await this.writeActive(id);
  }

  get fileSystem(): StoreFileSystem {
    return this.fs;
  }

  /** A fresh name for a model file of this model (so no reader ever sees it change under it). */
  newFileName(id: string): string {
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
    return `${safeId(id)}.${stamp}${MODEL_FILE_EXTENSION}`;
  }

  private async saveNow(id: string, header: ModelFileHeader, seeds: number, encode: () => Uint8Array, options: { activate: boolean }): Promise<StoredModel> {
    await this.ready();
    await this.describeWorkspace();
    const bytes = encode();
    const previous = await this.readEntry(id);
    const file = this.newFileName(id);
    await this.atomicWrite(vscode.Uri.joinPath(this.folder, file), bytes);
    const entry = toStored(id, header, seeds, { bytes: bytes.length, file, writer: this.writer, savedAt: new Date().toISOString() });
    try {
      await this.atomicWrite(this.entryUri(id), json(entry));
    } catch (e) {
      await this.deleteQuietly(vscode.Uri.joinPath(this.folder, file));
      throw e;
    }
    await this.dropFile(previous, file);
    if (options.activate) await this.writeActive(id);
    return entry;
  }

  /**
   * Saves several models (the rules of a compare) and small files beside them (its record) as one: every model
   * file is written first, then the entries and files are committed one by one; if any step fails, the ones
   * already committed are put back as they were and the new files removed, so the store holds all of the
   * group or none of it.
   */
  saveGroup(items: readonly GroupItem[], files: readonly GroupFile[] = []): Promise<StoredModel[]> {
    return this.exclusive(() => this.saveGroupNow(items, files));
  }

  private async saveGroupNow(items: readonly GroupItem[], files: readonly GroupFile[]): Promise<StoredModel[]> {
    await this.ready();
    await this.describeWorkspace();
    const written: vscode.Uri[] = [];
    const entries: StoredModel[] = [];
    try {
      for (const item of items) {
        const bytes = writeModelFile(item.contents);
        const file = this.newFileName(item.id);
        const uri = vscode.Uri.joinPath(this.folder, file);
        await this.atomicWrite(uri, bytes);
        written.push(uri);
        entries.push(toStored(item.id, item.contents.header, inputMatrices(item.contents).length, { bytes: bytes.length, file, writer: this.writer, savedAt: new Date().toISOString() }));
      }
    } catch (e) {
      for (const uri of written) await this.deleteQuietly(uri);
      throw e;
    }
    const undo: (() => Promise<void>)[] = [];
    const replaced: vscode.Uri[] = [];
    try {
      for (const entry of entries) {
        const target = this.entryUri(entry.id);
        const before = await this.readRaw(target);
        await this.atomicWrite(target, json(entry));
        undo.push(async () => { if (before) await this.atomicWrite(target, before); else await this.fs.delete(target, { useTrash: false }); });
        const previous = before ? (JSON.parse(new TextDecoder().decode(before)) as Partial<StoredModel>) : undefined;
        if (typeof previous?.file === 'string' && previous.file !== entry.file) replaced.push(vscode.Uri.joinPath(this.folder, previous.file));
      }
      for (const f of files) {
        const target = vscode.Uri.joinPath(this.folder, f.name);
        const before = await this.readRaw(target);
        await this.atomicWrite(target, f.bytes);
        undo.push(async () => { if (before) await this.atomicWrite(target, before); else await this.fs.delete(target, { useTrash: false }); });
      }
    } catch (e) {
      for (const step of undo.reverse()) await step().then(undefined, () => undefined);
      for (const uri of written) await this.deleteQuietly(uri);
      throw e;
    }
    for (const uri of replaced) await this.deleteQuietly(uri);
    const active = items.find((i) => i.activate);
    if (active) await this.writeActive(active.id);
    return entries;
  }

  private async readRaw(uri: vscode.Uri): Promise<Uint8Array | undefined> {
    try {
      return await this.fs.readFile(uri);
    } catch {
      return undefined;
    }
  }

  async load(id: string): Promise<ModelFileContents> {
    return readModelFile(await this.readBytes(id));
  }

  /** The model file's bytes. If another window replaced the model meanwhile, follows its new entry once. */
  async readBytes(id: string): Promise<Uint8Array> {
    await this.ready();
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      const entry = await this.readEntry(id);
      if (!entry) throw new ModelStoreError(`No stored model with id "${id}".`);
      if (!entry.file) throw new ModelStoreError(`The model "${entry.label}" is read from ${entry.reference?.source.uri ?? 'another file'}, not from the store.`);
      const uri = vscode.Uri.joinPath(this.folder, entry.file);
      try {
        return await this.fs.readFile(uri);
      } catch (e) {
        lastError = e;
      }
    }
    throw new ModelStoreError(`Could not read the model file of "${id}": ${message(lastError)}`);
  }

  setActive(id: string | null): Promise<void> {
    return this.exclusive(async () => {
      await this.ready();
      if (id !== null && !(await this.readEntry(id))) throw new ModelStoreError(`No stored model with id "${id}".`);
      await this.writeActive(id);
    });
  }

  private async writeActive(id: string | null): Promise<void> {
    await this.atomicWrite(vscode.Uri.joinPath(this.root, ACTIVE), json({ id, at: new Date().toISOString(), writer: this.writer }));
  }

  /** Deletes the entry (the commit point), then its file; the active model falls back to the newest left. */
  remove(id: string): Promise<void> {
    return this.exclusive(async () => {
      await this.ready();
      const entry = await this.readEntry(id);
      if (!entry) return;
      await this.fs.delete(this.entryUri(id), { useTrash: false });
      await this.dropFile(entry, undefined); // a reference's own file is the user's: never deleted
      const index = await this.list();
      if ((await this.readActive()) === id || index.active === null) await this.writeActive(index.models.at(-1)?.id ?? null);
    });
  }

  /** What this store belongs to, as workspace.json records it (undefined for a store that never saved). */
  async workspace(): Promise<{ identity: string; label: string } | undefined> {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(await this.fs.readFile(vscode.Uri.joinPath(this.root, WORKSPACE)))) as { identity?: unknown; label?: unknown };
      return typeof parsed.identity === 'string' && typeof parsed.label === 'string' ? { identity: parsed.identity, label: parsed.label } : undefined;
    } catch {
      return undefined;
    }
  }

  private async describeWorkspace(): Promise<void> {
    const d = this.options.describe;
    if (!d || (await this.workspace())?.identity === d.identity) return;
    await this.atomicWrite(vscode.Uri.joinPath(this.root, WORKSPACE), json({ version: 1, ...d }));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async deleteQuietly(uri: vscode.Uri): Promise<void> {
    await this.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  }

  /** Writes beside the target under a name no other writer uses, checks the size, then renames over it. */
  async atomicWrite(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
    const tmp = target.with({ path: `${target.path}.${safeId(this.writer)}.${Math.floor(Math.random() * 1e9).toString(36)}.tmp` });
    try {
      await this.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
      await this.fs.writeFile(tmp, bytes);
      // On a full disk writeFile can "succeed" with a truncated file (seen in code-server's extension host):
      // check the size before the rename, which would otherwise replace the old model with a broken one.
      const written = (await this.fs.stat(tmp)).size;
      if (written !== bytes.length) {
        throw new Error(`ENOSPC: only ${written} of ${bytes.length} bytes could be written (is the disk full?)`);
      }
      await this.fs.rename(tmp, target, { overwrite: true });
    } catch (e) {
      await this.deleteQuietly(tmp);
      throw new ModelStoreError(`Could not save ${target.fsPath}: ${message(e)}. The previous model was kept.`);
    }
  }
}

export function safeId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 80);
  return s === '' ? 'model' : s;
}

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value, null, 1));

/** Exactly the fields of ModelSummary: what the views are sent of a model, and nothing else. */
export function modelSummary(m: ModelSummary): ModelSummary {
  const { id, label, kind, vocabSize, tokens, dim, trainedAt, files, source, stability, learnedFrom } = m;
  // entries saved before seeds existed have none: they are one run
  const seeds = Number.isInteger(m.seeds) && m.seeds >= 1 ? m.seeds : 1;
  return { id, label, kind, vocabSize, tokens, dim, trainedAt, files, source, seeds, ...(stability ? { stability } : {}), ...(learnedFrom ? { learnedFrom } : {}) };
}

function toStored(id: string, h: ModelFileHeader, seeds: number, extra: Pick<StoredModel, 'bytes' | 'file' | 'writer' | 'savedAt'>): StoredModel {
  const stability = h.extra?.stability as StabilitySummary | undefined;
  const learnedFrom = parseLearnedFrom(h.extra?.learnedFrom);
  return {
    ...modelSummary({
      id, label: h.label, kind: h.kind, vocabSize: h.vocabSize, tokens: h.tokens, dim: h.dim, trainedAt: h.trainedAt, files: h.files, source: h.source,
      seeds, ...(stability ? { stability } : {}), ...(learnedFrom ? { learnedFrom } : {}),
    }),
    ...extra,
  };
}

function isStoredModel(m: unknown): m is StoredModel {
  const o = m as StoredModel;
  return typeof o === 'object' && o !== null && typeof o.id === 'string' && typeof o.label === 'string' && isModelSourceKind(o.kind)
    && typeof o.vocabSize === 'number' && typeof o.dim === 'number'
    && ((typeof o.file === 'string' && o.file !== '' && !o.file.includes('/') && !o.file.includes('\\') && o.reference === undefined)
      || (o.file === undefined && isModelReference(o.reference)))
    && typeof o.savedAt === 'string' && typeof o.writer === 'string' && typeof o.bytes === 'number';
}

export function message(e: unknown): string {
  if (e instanceof vscode.FileSystemError) return e.message || e.code;
  return e instanceof Error ? e.message : String(e);
}
