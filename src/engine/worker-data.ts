import type { MemoryLayout } from './layout';
import type { SharedState } from './shared-state';
import type { TrainOptions } from './options';

/** What each training worker receives; everything large is shared, not copied. */
export interface WorkerData {
  index: number;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ids: Int32Array; // on a SharedArrayBuffer
  chunkStarts: Int32Array;
  chunkWords: Int32Array;
  layout: MemoryLayout;
  vocabSize: number;
  options: TrainOptions;
  totalWords: number; // over all epochs
  state: SharedState;
  seed: string;
  background: boolean; // a u64 as decimal; bigint does not survive every structured clone path cleanly
}
