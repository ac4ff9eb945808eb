// Training runs in one process, as the extension host runs them: each run parses the workspace in a new corpus
// worker (engine/corpus-client.ts), and the grammars an earlier run compiled are kept (keptGrammars), so V8 hands
// the next worker their compiled, tiered-up code. Per shared code workspace, a fresh process runs three corpus
// workers in turn over every file of it; prints each run's wall time and process CPU (all threads, counted once
// V8's background compilers are quiet), and the tokens, which must not change. A full collection runs before each
// run, as the host's collector would in the minutes between two runs. Asserts nothing.
// Usage: node dist/bench/corpus-reruns.js [--child <workspace folder>]; BENCH_KEEP=0: nothing kept, for comparison;
// BENCH_KEEP=grammars: the grammars but not web-tree-sitter's runtime module
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathSkipReason } from '../src/core/code/skip-rules';
import { CorpusWorkerClient, grammarKeeping, keptGrammarNames } from '../src/engine/corpus-client';
import { DEFAULT_CODE_OPTIONS } from '../src/engine/corpus-processor';
import { cpuOnceQuiet, listFiles, unpackWorkspaces } from './extract-sources';

const RUNS = 3;
async function child(root: string): Promise<void> {
  grammarKeeping.enabled = process.env.BENCH_KEEP !== '0';
  grammarKeeping.runtime = process.env.BENCH_KEEP !== 'grammars';
  const files = listFiles(root).filter((f) => !pathSkipReason(f.rel));
  const rows: string[] = [];
  const rss0 = process.memoryUsage().rss;
  for (let run = 1; run <= RUNS; run++) {
    // minutes pass between training runs, and the host collects meanwhile: what V8 still holds of the last
    // worker's grammars then is what someone keeps alive
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const c0 = await cpuOnceQuiet();
    const t0 = performance.now();
    const client = new CorpusWorkerClient({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS });
    for (const f of files) client.addPath(f.rel, f.path, 2 << 20);
    const r = await client.finish(1);
    const wall = (performance.now() - t0) / 1000;
    const cpu = (await cpuOnceQuiet()) - c0;
    rows.push(`  run ${run}: wall ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s, ${r.tokensSeen.toLocaleString('en')} tokens, grammars kept: ${keptGrammarNames().length}`);
  }
  await cpuOnceQuiet();
  const kept = (process.memoryUsage().rss - rss0) / 2 ** 20;
  console.log(`${basename(root)} (${files.length} files)\n${rows.join('\n')}\n  this process's RSS after the runs, against before them: ${kept >= 0 ? '+' : ''}${kept.toFixed(0)} MiB (the kept grammars, and whatever else stayed)`);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) return child(process.argv[at + 1]!);
  const workspaces = unpackWorkspaces();
  try {
    console.log(`corpus workers in turn, one process per workspace, ${process.env.BENCH_KEEP === '0' ? 'nothing kept' : process.env.BENCH_KEEP === 'grammars' ? 'grammars kept, not the runtime' : 'grammars and runtime kept'}; load average ${loadavg()[0]!.toFixed(1)}`);
    for (const root of workspaces.roots) process.stdout.write(execFileSync(process.execPath, [__filename, '--child', root], { encoding: 'utf8' }));
  } finally {
    workspaces.done();
  }
}

void main();
