// Interleaved A/B of two built checkouts' CLI training (A B A B …), for kernel changes on a
// shared, loaded machine: the runs of a pair see about the same load, and the median of the
// per-pair ratios discounts the pairs that did not.
//
//   node bench/ab-cli.mjs <checkout A> <checkout B> <corpus file or folder> [pairs] [-- train flags]
//
// Node flags given to this script reach the runs (e.g. --experimental-wasm-relaxed-simd), and so
// does the environment (e.g. EMBEDDING_LENS_KERNEL=plain). Each checkout must be built (node
// scripts/build.mjs). Per run it prints the CLI's own training time ("trained … in X s", which
// leaves out reading and writing files) and the process's CPU time (all threads, reading the corpus
// included, which is the same code on both sides): with one training thread, CPU time is the
// steadier figure while other jobs take turns on the cores. Then the medians of B / A, and the
// ratio of each side's fastest run. Figures
// only; it asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const positional = dash < 0 ? args : args.slice(0, dash);
const flags = dash < 0 ? [] : args.slice(dash + 1);
const [a, b, corpus, pairsArg] = positional;
if (!a || !b || !corpus) {
  console.error('usage: node bench/ab-cli.mjs <checkout A> <checkout B> <corpus> [pairs] [-- train flags]');
  process.exit(2);
}
const pairs = Number(pairsArg ?? 3);
const out = mkdtempSync(join(tmpdir(), 'el-ab-'));
const cpuHook = join(out, 'cpu.cjs');
writeFileSync(cpuHook, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\nab-cpu-seconds ${(u.user + u.system) / 1e6}\\n`); });\n");

function run(checkout) {
  const r = spawnSync(process.execPath, [...process.execArgv, '-r', cpuHook, join(resolve(checkout), 'bin/embedding-lens.js'),
    'train', corpus, '--out', join(out, 'v.vec'), ...flags], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const text = `${r.stdout}\n${r.stderr}`; // progress and the summary go to stderr
  if (r.status !== 0) throw new Error(`${checkout} failed (exit ${r.status}):\n${text}`);
  const m = /trained \S+ in ([\d.]+) s \(([\d,]+) words\/s/.exec(text);
  const cpu = /ab-cpu-seconds ([\d.]+)/.exec(text);
  if (!m || !cpu) throw new Error(`no timing in the output of ${checkout}:\n${text}`);
  return { seconds: Number(m[1]), cpu: Number(cpu[1]), wordsPerSecond: Number(m[2].replace(/,/g, '')) };
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
const wall = [];
const cpu = [];
const runs = { a: [], b: [] };
try {
  for (let i = 0; i < pairs; i++) {
    const ra = run(a);
    const rb = run(b);
    runs.a.push(ra);
    runs.b.push(rb);
    wall.push(rb.seconds / ra.seconds);
    cpu.push(rb.cpu / ra.cpu);
    console.log(`pair ${i + 1}: A train ${ra.seconds.toFixed(2)} s, cpu ${ra.cpu.toFixed(2)} s  B train ${rb.seconds.toFixed(2)} s, cpu ${rb.cpu.toFixed(2)} s  B/A train ${wall.at(-1).toFixed(3)}, cpu ${cpu.at(-1).toFixed(3)}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
// The fastest run of each side is the one least slowed by other jobs: a second estimate.
const fastest = (side, key) => Math.min(...runs[side].map((r) => r[key]));
const range = (xs) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
console.log(`median B/A over ${pairs} pairs: training wall ${median(wall).toFixed(3)} (range ${range(wall)}), process cpu ${median(cpu).toFixed(3)} (range ${range(cpu)}); fastest B / fastest A: training wall ${(fastest('b', 'seconds') / fastest('a', 'seconds')).toFixed(3)}, cpu ${(fastest('b', 'cpu') / fastest('a', 'cpu')).toFixed(3)}; flags: ${flags.join(' ') || '(defaults)'}`);
