// A model that refers to the user's own vectors file(s) instead of a copy of them (pure). A big imported
// file (GoogleNews-vectors is 3.6 GB) is not copied into the extension's storage: the store keeps where it
// is, how to read it again, and a fingerprint of what it was (each file's size and modification time, and a
// SHA-256 of its first MiB and last 64 KiB: the header and the first rows, and a Parquet file's footer).
// Reloading checks the fingerprint first and says plainly when a file changed or vanished.
import { formatBytes } from './format';

/** How the model was read, so that it can be read again the same way. */
export type ReferencedSource =
  | { kind: 'vectors'; uri: string; format: string }
  | { kind: 'projector'; uri: string; metadataUri: string; labelColumn: number; header: boolean }
  | { kind: 'spark'; uri: string };

export interface FileFingerprint {
  /** a file: URI */
  uri: string;
  size: number;
  mtimeMs: number;
}

export interface ModelReference {
  version: 1;
  source: ReferencedSource;
  /** only the first maxWords words were loaded */
  maxWords?: number;
  /** a headerless or Projector file's line count, so reading it again needs no counting pass */
  lines?: number;
  files: FileFingerprint[];
  /** hex SHA-256 over every file's sampled bytes, in the order of files */
  hash: string;
}

/** Bytes of each file that go into the hash: the first FINGERPRINT_HEAD and the last FINGERPRINT_TAIL. */
export const FINGERPRINT_HEAD = 1 << 20;
export const FINGERPRINT_TAIL = 64 << 10;

export type ReferenceCheck =
  | { status: 'same' }
  | { status: 'vanished'; uri: string }
  | { status: 'changed'; uri: string; changes: string[] };

/** What a file looks like now: undefined when it is gone. */
export type Observed = { files: (FileFingerprint | undefined)[]; hash?: string };


/**
 * Compares a reference with what its files look like now. A file is changed when its size, its modification
 * time or the hash differ (a re-downloaded identical file counts as changed: its time differs; loading it
 * again records the new one).
 */
export function checkReference(ref: ModelReference, now: Observed): ReferenceCheck {
  for (let i = 0; i < ref.files.length; i++) {
    if (!now.files[i]) return { status: 'vanished', uri: ref.files[i].uri };
  }
  for (let i = 0; i < ref.files.length; i++) {
    const was = ref.files[i];
    const is = now.files[i]!;
    const changes: string[] = [];
    if (is.size !== was.size) {
      let [now, then] = [formatBytes(is.size), formatBytes(was.size)];
      if (now === then) [now, then] = [`${is.size.toLocaleString('en')} bytes`, `${was.size.toLocaleString('en')}`];
      changes.push(`its size is ${now}, it was ${then}`);
    }
    if (is.mtimeMs !== was.mtimeMs) changes.push(`it was modified on ${new Date(is.mtimeMs).toISOString()} (when loaded: ${new Date(was.mtimeMs).toISOString()})`);
    if (changes.length) return { status: 'changed', uri: was.uri, changes };
  }
  if (now.hash !== undefined && now.hash !== ref.hash) {
    return { status: 'changed', uri: ref.files[0].uri, changes: ['its contents differ (the header or the first rows)'] };
  }
  return { status: 'same' };
}

export function isModelReference(v: unknown): v is ModelReference {
  const r = v as ModelReference;
  if (typeof r !== 'object' || r === null || r.version !== 1 || typeof r.hash !== 'string') return false;
  if (!Array.isArray(r.files) || r.files.length === 0) return false;
  if (!r.files.every((f) => typeof f === 'object' && f !== null && typeof f.uri === 'string' && typeof f.size === 'number' && typeof f.mtimeMs === 'number')) return false;
  if (r.maxWords !== undefined && !(Number.isSafeInteger(r.maxWords) && r.maxWords > 0)) return false;
  if (r.lines !== undefined && !(Number.isSafeInteger(r.lines) && r.lines >= 0)) return false;
  const s = r.source;
  if (typeof s !== 'object' || s === null || typeof s.uri !== 'string') return false;
  switch (s.kind) {
    case 'vectors': return typeof s.format === 'string';
    case 'projector': return typeof s.metadataUri === 'string' && Number.isInteger(s.labelColumn) && typeof s.header === 'boolean';
    case 'spark': return true;
    default: return false;
  }
}

/** Thrown when a referenced model cannot be read because its file changed or vanished. */
export class ModelReferenceError extends Error {
  constructor(readonly check: Exclude<ReferenceCheck, { status: 'same' }>, readonly path: string) {
    super(check.status === 'vanished'
      ? `the file it was loaded from, ${path}, is gone (moved or deleted)`
      : `the file it was loaded from, ${path}, changed since it was loaded: ${check.changes.join('; ')}`);
    this.name = 'ModelReferenceError';
  }
}
