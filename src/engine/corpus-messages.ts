// Messages between the host and the corpus worker (corpus-worker.ts). Structured-cloned; file bytes are
// transferred, and the encoded corpus comes back on its SharedArrayBuffer (shared, not copied).
import type { LearnedFrom } from '../core/code/source-report';
import type { ProcessorOptions } from './corpus-processor';

export type ToCorpusWorker =
  | { type: 'file'; name: string; path: string; maxBytes: number }
  | { type: 'file'; name: string; bytes: Uint8Array; maxBytes: number }
  | { type: 'finish'; minCount: number };

export interface CorpusWorkerData {
  options: ProcessorOptions;
  background: boolean;
}

export interface WorkerFileCounts {
  files: number;
  bytes: number;
  tooLarge: number;
  unreadable: number;
}

export type FromCorpusWorker =
  | { type: 'progress'; done: number; doneBytes: number }
  | {
    type: 'done';
    words: string[];
    counts: Float64Array;
    ids: Int32Array;
    tokens: number;
    sentences: number;
    tokensSeen: number;
    minCount: number;
    learned: LearnedFrom;
    files: WorkerFileCounts;
    grammarsLoaded: string[];
    /** the grammars it compiled, for the host to keep (corpus-client.ts keptGrammars) */
    compiledGrammars: [string, WebAssembly.Module][];
  }
  | { type: 'error'; message: string };
