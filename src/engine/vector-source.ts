// What a vectors source is and what reading it yields: the types vector-files.ts and spark-reader.ts share
// (in a file of their own, so that neither imports the other for them).
import type { VectorFormat } from '../core/formats';
import type { SparkLayout } from '../core/formats/spark-model';
import type { ParsedVectors, StreamOptions } from '../core/formats/stream';

export type SourceFormat = VectorFormat | 'projector-tsv' | 'spark-ml';

/**
 * Where vectors come from. `bytes` is for files a virtual file system handed over whole (best in a
 * SharedArrayBuffer, which the load workers share without copies). `lines`, when known
 * (a model reference records it), spares a headerless or Projector file its counting pass.
 */
export type VectorSource =
  | { kind: 'vectors'; path: string; format: VectorFormat | 'auto'; lines?: number }
  | { kind: 'projector'; path: string; metadataPath: string; labelColumn?: number | string; header?: boolean; lines?: number }
  | { kind: 'spark'; path: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string; format: VectorFormat | 'auto' };

/** What a source holds, found before loading it (the header, a line count, Parquet footers). */
export interface SourceInfo {
  format: SourceFormat;
  /** words in the source; exact when `exact`, otherwise an upper bound (a headerless file's line count) */
  words: number;
  exact: boolean;
  dim: number;
  /** bytes that loading reads */
  bytes: number;
  /** the first N words are the N most frequent (word2vec, fastText, GloVe; not Spark ML's rows) */
  frequencyOrdered: boolean;
  /** an upper bound on the rows, so storage is allocated once */
  rowsHint?: number;
  /** Projector metadata: its columns, whether it has a header row, the label column chosen */
  columns?: string[];
  header?: boolean;
  labelColumn?: number;
  /** Spark: the version that wrote it and its data layout */
  sparkVersion?: string;
  layout?: SparkLayout;
  /** every file the source reads, for the fingerprint of a model reference */
  files: string[];
}

export interface ReadHooks {
  /** bytes done of total; 'count' while counting lines before loading */
  onProgress?: (done: number, total: number, phase: 'count' | 'read') => void;
  /** polled between pieces: true stops the read with LoadCancelledError */
  cancelled?: () => boolean;
}

export interface ReadOptions extends ReadHooks, Pick<StreamOptions, 'maxWords' | 'allocate'> {
  /** from probeSource(): saves a second line count */
  info?: SourceInfo;
}

export interface ReadResult {
  parsed: ParsedVectors;
  info: SourceInfo;
  /** repeated Projector labels that were numbered ("bank#2") */
  renamed?: number;
}
