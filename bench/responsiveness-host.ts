// Runs inside the real VS Code extension host (started by bench/responsiveness.mjs): loads a 10,000-dimension
// vectors file through the Load Embeddings command, then draws the map of a word with 500 neighbours by PCA
// (api.compare.map, what the panel's Map tab calls) while perf_hooks.monitorEventLoopDelay samples the host's
// event loop, and writes the delay percentiles and the map's wall time to $EL_BENCH_RESULTS. The same file runs
// against an older checkout (see bench/responsiveness.mjs --root) for the "before" figure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';

const DIM = Number(process.env.EL_BENCH_DIM || 10_000);
const WORDS = Number(process.env.EL_BENCH_WORDS || 600);
const NEIGHBOURS = Number(process.env.EL_BENCH_NEIGHBOURS || 500);

interface Api { compare: { map(word: string, n: number, method: 'pca', scope: 'active'): Promise<{ panels: { points: unknown[] }[]; seconds: number }> } }

function vectorsFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'el-bench-wide-')), `wide-${DIM}.bin`);
  const parts: Buffer[] = [Buffer.from(`${WORDS} ${DIM}\n`)];
  let s = 2024;
  for (let w = 0; w < WORDS; w++) {
    const v = new Float32Array(DIM);
    for (let j = 0; j < DIM; j++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[j] = s / 2 ** 32 - 0.5; }
    parts.push(Buffer.from(w === 0 ? 'lighthouse ' : `beacon${w} `), Buffer.from(v.buffer), Buffer.from('\n'));
  }
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

export async function run(): Promise<void> {
  const out = process.env.EL_BENCH_RESULTS!;
  const ext = vscode.extensions.getExtension<Api>('embedding-lens.embedding-lens')!;
  const api = await ext.activate();
  const loaded = await vscode.commands.executeCommand<{ dim: number } | undefined>('embeddingLens.loadVectors', { uri: vscode.Uri.file(vectorsFile()) });
  if (loaded?.dim !== DIM) throw new Error('the vectors did not load');
  const h = monitorEventLoopDelay({ resolution: 10 });
  // A second, plain sampler: how late each 10 ms tick runs (the largest lateness is the longest block).
  const late: number[] = [];
  let expected = performance.now() + 10;
  const ticker = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - expected));
    expected = now + 10;
  }, 10);
  h.enable();
  // the histogram records from its second timer tick on: let it start before the map does
  await new Promise((r) => setTimeout(r, 100));
  late.length = 0;
  const t0 = performance.now();
  const map = await api.compare.map('lighthouse', NEIGHBOURS, 'pca', 'active');
  const seconds = (performance.now() - t0) / 1000;
  // let the sampler's timer fire once more: a loop blocked until now is recorded when that timer runs
  await new Promise((r) => setTimeout(r, 100));
  h.disable();
  clearInterval(ticker);
  const ms = (ns: number) => ns / 1e6;
  late.sort((a, b) => a - b);
  const q = (p: number) => late[Math.min(late.length - 1, Math.floor(p * late.length))] ?? 0;
  fs.writeFileSync(out, JSON.stringify({
    dim: DIM, words: WORDS, points: map.panels[0]!.points.length, seconds,
    delay: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), samples: h.count },
    ticks: { p50: q(0.5), p99: q(0.99), max: late.at(-1) ?? 0, samples: late.length },
  }, null, 2));
}
