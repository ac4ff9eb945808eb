// Interleaved A/B of two built checkouts' CLI training (A B A B …), for kernel changes on a
// shared, loaded machine: the runs of a pair see about the same load, and the median of the
// per-pair ratios discounts the pairs that did not.
//
//   node bench/ab-cli.mjs <checkout A> <checkout B> <corpus file or folder> [pairs] [-- train flags]
//
// Each checkout must be built (node scripts/build.mjs). Prints each run's training time (the
// CLI's own "trained … in X s", which leaves out reading and writing files) and the median of
// B / A. Figures only; it asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

function run(checkout) {
  const r = spawnSync(process.execPath, [join(resolve(checkout), 'bin/embedding-lens.js'), 'train', corpus,
    '--out', join(out, 'v.vec'), ...flags], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const text = `${r.stdout}\n${r.stderr}`; // progress and the summary go to stderr
  if (r.status !== 0) throw new Error(`${checkout} failed (exit ${r.status}):\n${text}`);
  const m = /trained \S+ in ([\d.]+) s \(([\d,]+) words\/s/.exec(text);
  if (!m) throw new Error(`no timing in the output of ${checkout}:\n${text}`);
  return { seconds: Number(m[1]), wordsPerSecond: Number(m[2].replace(/,/g, '')) };
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
const ratios = [];
try {
  for (let i = 0; i < pairs; i++) {
    const ra = run(a);
    const rb = run(b);
    ratios.push(rb.seconds / ra.seconds);
    console.log(`pair ${i + 1}: A ${ra.seconds.toFixed(2)} s (${ra.wordsPerSecond} w/s)  B ${rb.seconds.toFixed(2)} s (${rb.wordsPerSecond} w/s)  B/A ${(rb.seconds / ra.seconds).toFixed(3)}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(`median B/A wall time over ${pairs} pairs: ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}); flags: ${flags.join(' ') || '(defaults)'}`);
