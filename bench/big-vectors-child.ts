// One measured load in its own process (started by bench/big-vectors.ts, so peak RSS is this load's alone).
// argv: <mode> <file> <word>; prints one JSON line {loadMs, queryMs, words, dim}.
//   old-load: readFile + readVectors (the whole file in memory, then parsed: the code before issue 11)
import { readFileSync } from 'node:fs';
import { readVectors } from '../src/core/formats';
import { nearest } from '../src/core/query';
import { installSearchAccelerator } from '../src/engine/search';

async function main(): Promise<void> {
  const [mode, file, word] = process.argv.slice(2);
  installSearchAccelerator();
  const t0 = performance.now();
  let emb;
  if (mode === 'old-load') emb = readVectors(readFileSync(file!));
  else throw new Error(`unknown mode ${mode}`);
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  nearest(emb, word!, 5);
  const queryMs = performance.now() - t1;
  process.stdout.write(`${JSON.stringify({ loadMs, queryMs, words: emb.size, dim: emb.dim })}\n`);
}

main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
