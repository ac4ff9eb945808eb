// Our CLI against kōan, interleaved (ours, kōan, ours, kōan, …) on a slice of the shared corpus, for
// a same-run time ratio without the full benchmark's 16 M tokens. Both read the same token file
// (the first BENCH_TOKENS tokens, whole lines) with the engine benchmark's settings. Prints figures;
// asserts nothing. Needs a kōan binary (KOAN_BIN or koan on PATH).
//   env: BENCH_TOKENS (default 4000000), BENCH_PAIRS (default 3), BENCH_MODELS (default cbow-corrected),
//        BENCH_THREADS (default 2)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelKind } from '../src/core/model-kinds';
import { dataPath } from '../test/data-path';
import { findKoan, koanArgs, runKoan } from './koan-peer';
import { writeTokens } from './tokens-file';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, '.bench-out');
const TOKENS = Number(process.env.BENCH_TOKENS ?? 4e6);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const MODELS = (process.env.BENCH_MODELS ?? 'cbow-corrected').split(',').filter(Boolean) as ModelKind[];
const SETTINGS = { dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, threads: Number(process.env.BENCH_THREADS ?? 2) };

const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };

function ours(tokens: string, model: ModelKind): { trainSeconds: number; wallSeconds: number; maxRssMB: number; kernel: string } {
  const stats = join(outDir, `ab-${model}.json`);
  const started = performance.now();
  execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'train', tokens, '--model', model, '--dim', `${SETTINGS.dim}`,
    '--window', `${SETTINGS.window}`, '--negative', `${SETTINGS.negative}`, '--min-count', `${SETTINGS.minCount}`,
    '--sample', `${SETTINGS.sample}`, '--epochs', `${SETTINGS.epochs}`, '--threads', `${SETTINGS.threads}`, '--seed', '1',
    '--out', join(outDir, `ab-${model}.bin`), '--stats-json', stats, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const s = JSON.parse(readFileSync(stats, 'utf8'));
  return { trainSeconds: s.trainSeconds, wallSeconds: (performance.now() - started) / 1000, maxRssMB: s.maxRssMB, kernel: s.kernel };
}

async function main() {
  const koan = findKoan();
  if (!koan) {
    console.log('kōan: none (build it from its public source; put koan on PATH or set KOAN_BIN)');
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const tokens = join(outDir, `tokens-${TOKENS}.txt`);
  if (!existsSync(tokens)) console.log(`wrote ${await writeTokens(dataPath('corpus/en-prose.txt.gz'), tokens, TOKENS)} tokens to ${tokens}`);
  console.log(`settings: ${JSON.stringify(SETTINGS)}; ${PAIRS} pairs; kōan ${koan}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const model of MODELS) {
    const train: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const a = ours(tokens, model);
      const k = await runKoan(koan, koanArgs(model, SETTINGS, tokens, join(outDir, `ab-koan-${model}.txt`)), outDir);
      train.push(a.trainSeconds / k.trainSeconds);
      wall.push(a.wallSeconds / k.wallSeconds);
      console.log(`${model} pair ${i + 1}: ours train ${a.trainSeconds.toFixed(2)} s, wall ${a.wallSeconds.toFixed(2)} s, peak ${a.maxRssMB.toFixed(0)} MB, ${a.kernel} kernel; ` +
        `kōan train ${k.trainSeconds.toFixed(2)} s, wall ${k.wallSeconds.toFixed(2)} s, peak ${k.maxRssMB.toFixed(0)} MB; ratio train ${train.at(-1)!.toFixed(3)}, wall ${wall.at(-1)!.toFixed(3)}`);
    }
    console.log(`${model}: median ours / kōan over ${PAIRS} pairs: train ${median(train).toFixed(3)} (range ${Math.min(...train).toFixed(3)}–${Math.max(...train).toFixed(3)}), ` +
      `process wall ${median(wall).toFixed(3)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
