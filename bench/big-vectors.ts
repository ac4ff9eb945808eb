// npm run bench (issue 11): big word2vec binary files, generated on the fly and never committed, loaded
// outside VS Code, each load in its own process (bench/big-vectors-child.ts) so that its peak RSS, from
// /usr/bin/time, is that load's alone. Modes (see big-vectors-child.ts):
//   old-load        readFile + readVectors: the whole file in memory, then parsed (the code before issue 11)
//   stream-load     the streaming reader on the calling thread (the CLI's path since issue 11)
//   worker-load     the load worker (the extension's path since issue 11)
//   cli-neighbours  `embedding-lens neighbours <file> <word> -k 5` end to end (load + first query)
// Prints a table and writes .bench-out/big-vectors-<BENCH_LABEL>.json; asserts nothing.
// env: BENCH_BIG_SIZES (default "1000000,3000000"), BENCH_BIG_DIM (300), BENCH_BIG_DIR (keep and reuse the
//      generated files there; default: a temp folder, removed afterwards), BENCH_BIG_MODES (comma list)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bigWord, writeBigBinary } from '../test/factories/big-vectors';

const root = resolve(__dirname, '..', '..');
const sizes = (process.env.BENCH_BIG_SIZES ?? '1000000,3000000').split(',').map(Number);
const dim = Number(process.env.BENCH_BIG_DIM ?? 300);
const keep = !!process.env.BENCH_BIG_DIR;
const dir = process.env.BENCH_BIG_DIR ?? mkdtempSync(join(tmpdir(), 'el-big-'));
const modes = (process.env.BENCH_BIG_MODES ?? 'old-load,stream-load,worker-load,cli-neighbours').split(',');
const label = process.env.BENCH_LABEL ?? 'run';

interface Row { mode: string; words: number; dim: number; fileGB: number; matrixMB: number; seconds?: number; maxRssMB?: number; loadMs?: number; loadPeakRssMB?: number; queryMs?: number; laterQueryMs?: number; search?: string; hostMaxGapMs?: number; error?: string }

function run(cmd: string[]): { seconds: number; maxRssMB: number; stdout: string; error?: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %M', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /@@time ([\d.]+) (\d+)/.exec(r.stderr);
  const stderr = r.stderr.replace(/@@time.*\n?/, '').trim();
  return {
    seconds: m ? Number(m[1]) : NaN,
    maxRssMB: m ? Number(m[2]) / 1024 : NaN,
    stdout: r.stdout,
    ...(r.status === 0 ? {} : { error: `exit ${r.status ?? r.signal}: ${(stderr.split('\n').find((l) => /Error|error:/.test(l)) ?? stderr).slice(0, 300)}` }),
  };
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, '.bench-out'), { recursive: true });
  const rows: Row[] = [];
  console.log(`big vector files (${label}): node ${process.version}; files in ${dir}; load average ${require('node:os').loadavg().map((x: number) => x.toFixed(1)).join(' ')}`);
  for (const n of sizes) {
    const file = join(dir, `big-${n}x${dim}.bin`);
    if (!existsSync(file)) {
      const t0 = performance.now();
      await writeBigBinary(file, n, dim);
      console.log(`generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const fileGB = statSync(file).size / 1e9;
    const matrixMB = (n * dim * 4) / 2 ** 20;
    const word = bigWord(Math.floor(n / 2));
    for (const mode of modes) {
      const cmd = mode === 'cli-neighbours'
        ? [process.execPath, join(root, 'dist/cli.js'), 'neighbours', file, word, '-k', '5']
        : [process.execPath, join(root, 'dist/bench/big-vectors-child.js'), mode, file, word];
      const r = run(cmd);
      const row: Row = { mode, words: n, dim, fileGB, matrixMB, seconds: r.seconds, maxRssMB: r.maxRssMB, ...(r.error ? { error: r.error } : {}) };
      if (!r.error && mode !== 'cli-neighbours') Object.assign(row, JSON.parse(r.stdout.trim().split('\n').at(-1)!));
      rows.push(row);
      console.log(`  ${String(n).padStart(8)} x ${dim} (${fileGB.toFixed(2)} GB file, matrix ${matrixMB.toFixed(0)} MiB) ${mode.padEnd(15)} ` +
        (r.error ? `FAILED ${r.error}` : `${r.seconds.toFixed(1)} s, peak RSS ${r.maxRssMB.toFixed(0)} MiB` +
          (row.loadMs !== undefined ? ` (load ${(row.loadMs / 1000).toFixed(2)} s, peak RSS when loaded ${row.loadPeakRssMB!.toFixed(0)} MiB, first query ${(row.queryMs! / 1000).toFixed(2)} s, later ${row.laterQueryMs!.toFixed(0)} ms (search: ${row.search})` +
            `${row.hostMaxGapMs !== undefined ? `, longest stall of the loading thread ${row.hostMaxGapMs.toFixed(0)} ms` : ''})` : '')));
    }
  }
  const out = join(root, '.bench-out', `big-vectors-${label}.json`);
  writeFileSync(out, JSON.stringify(rows, null, 2));
  console.log(`figures: ${out}`);
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
