// One measured load in its own process (started by bench/big-vectors.ts, so peak RSS is this load's alone).
// argv: <mode> <file> <word>; prints one JSON line {loadMs, loadPeakRssMB, queryMs, laterQueryMs, search, words, dim[,
// hostMaxGapMs]} (laterQueryMs: the median of 5 more queries, other words; search: searchLayoutOf, or "js")
// (loadPeakRssMB: the process's peak RSS when the load is done, before the first query prepares its copies).
//   old-load     readFile + readVectors: the whole file in memory, then parsed (the code before issue 11)
//   stream-load  the streaming reader on this thread, as the CLI runs it (engine/vector-files.ts)
//   worker-load  the load worker, as the extension runs it (engine/vectors-loader.ts); also the longest gap
//                between 1 ms timer ticks on this thread while it loads
import { readFileSync } from 'node:fs';
import { readVectors } from '../src/core/formats';
import { toEmbeddings } from '../src/core/formats/stream-readers';
import { nearest } from '../src/core/query';
import type { Embeddings } from '../src/core/vectors';
import { installSearchAccelerator, searchLayoutOf } from '../src/engine/search';
import { probeSource, readSource, type VectorSource } from '../src/engine/vector-files';
import { loadVectors, probeVectors } from '../src/engine/vectors-loader';

async function main(): Promise<void> {
  const [mode, file, word] = process.argv.slice(2);
  installSearchAccelerator();
  const src: VectorSource = { kind: 'vectors', path: file!, format: 'auto' };
  const t0 = performance.now();
  let emb: Embeddings;
  let hostMaxGapMs: number | undefined;
  if (mode === 'old-load') emb = readVectors(readFileSync(file!));
  else if (mode === 'stream-load') emb = toEmbeddings((await readSource(src, { info: await probeSource(src) })).parsed);
  else if (mode === 'worker-load') {
    let last = performance.now();
    let gap = 0;
    const timer = setInterval(() => { const now = performance.now(); gap = Math.max(gap, now - last); last = now; }, 1);
    emb = (await loadVectors(src, { info: await probeVectors(src) })).embeddings;
    clearInterval(timer);
    hostMaxGapMs = gap;
  } else throw new Error(`unknown mode ${mode}`);
  const loadMs = performance.now() - t0;
  const loadPeakRssMB = process.resourceUsage().maxRSS / 1024;
  const t1 = performance.now();
  nearest(emb, word!, 5);
  const queryMs = performance.now() - t1;
  const later: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const t = performance.now();
    nearest(emb, emb.words[Math.floor((i * emb.size) / 7)]!, 5);
    later.push(performance.now() - t);
  }
  const laterQueryMs = later.sort((a, b) => a - b)[2];
  const search = searchLayoutOf(emb) ?? 'js';
  process.stdout.write(`${JSON.stringify({ loadMs, loadPeakRssMB, queryMs, laterQueryMs, search, words: emb.size, dim: emb.dim, ...(hostMaxGapMs !== undefined ? { hostMaxGapMs } : {}) })}\n`);
}

main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
