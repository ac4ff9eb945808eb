import { parentPort, workerData } from 'node:worker_threads';
import { configureKernel, instantiate } from './kernel';
import { learningRate } from './options';
import { ABORT, NEXT_TASK, STATS_PER_WORKER, STAT_CONTEXT_SUM, STAT_LOSS_COUNT, STAT_LOSS_SUM, STAT_POSITIONS } from './shared-state';
import { lowerThreadPriority as lowerPriority } from './thread-priority';
import type { WorkerData } from './worker-data';

function run(d: WorkerData): void {
  const { layout, options, state } = d;
  if (d.background) lowerPriority();
  const k = instantiate(d.module, d.memory);
  const own = layout.workers[d.index];
  configureKernel(k, {
    model: options.model, layout, vocabSize: d.vocabSize, window: options.window, negative: options.negative,
    scratch: own.scratch, seed: BigInt(d.seed),
  });
  const chunkBuffer = new Int32Array(d.memory.buffer, own.chunk, layout.chunkCapacity);
  const chunks = d.chunkWords.length;
  const tasks = chunks * options.epochs;
  const statBase = d.index * STATS_PER_WORKER;

  while (Atomics.load(state.control, ABORT) === 0) {
    const task = Atomics.add(state.control, NEXT_TASK, 1);
    if (task >= tasks) break;
    const c = task % chunks;
    const words = d.chunkWords[c];
    const done = Number(Atomics.add(state.wordsDone, 0, BigInt(words)));
    const start = d.chunkStarts[c];
    const end = d.chunkStarts[c + 1];
    chunkBuffer.set(d.ids.subarray(start, end));
    k.trainChunk(own.chunk, end - start,
      learningRate(options, done, d.totalWords), learningRate(options, done + words, d.totalWords));
    state.stats[statBase + STAT_LOSS_SUM] = k.getLossSum();
    state.stats[statBase + STAT_LOSS_COUNT] = k.getLossCount();
    state.stats[statBase + STAT_CONTEXT_SUM] = k.getContextSum();
    state.stats[statBase + STAT_POSITIONS] = k.getPositions();
  }
  parentPort!.postMessage({ type: 'done' });
}

run(workerData as WorkerData);
