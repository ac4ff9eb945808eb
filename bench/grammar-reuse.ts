// Whether a grammar compiled in one corpus worker can serve the next one. Each training run parses in a new worker,
// whose grammars V8 compiles again (and tiers up again: most of the extraction's CPU, see bench/grammar-load.ts).
// V8 shares a compiled module between the threads of a process for the same bytes while some thread still holds
// it, so here the main thread (standing in for the extension host) keeps the WebAssembly.Module objects each worker
// posts it, or not. Each case is a fresh process running three workers in turn, each extracting a whole workspace;
// prints wall and process CPU seconds (all threads, once V8's compilers are quiet). Asserts nothing.
// Usage: node dist/bench/grammar-reuse.js
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, relative } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { pathSkipReason } from '../src/core/code/skip-rules';
import { Grammars } from '../src/engine/code/grammars';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS } from '../src/engine/corpus-processor';
import { cpuOnceQuiet, listFiles, processCpuSeconds as cpuSeconds, unpackWorkspaces } from './extract-sources';

interface Run { wall: number; cpu: number; modules: WebAssembly.Module[] }

async function worker(): Promise<void> {
  // The modules Grammars compiles (new WebAssembly.Module), caught so that they can be posted to the main thread.
  const compiled: WebAssembly.Module[] = [];
  WebAssembly.Module = new Proxy(WebAssembly.Module, {
    construct(target, args) {
      const m = Reflect.construct(target, args) as WebAssembly.Module;
      compiled.push(m);
      return m;
    },
  });
  const { root, post } = workerData as { root: string; post: boolean };
  const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS }, new Grammars());
  const c0 = cpuSeconds();
  const t0 = performance.now();
  for (const f of listFiles(root)) {
    if (!pathSkipReason(f.rel)) await p.addFile(relative(root, f.path), readFileSync(f.path));
  }
  const wall = (performance.now() - t0) / 1000;
  const run: Run = { wall, cpu: (await cpuOnceQuiet()) - c0, modules: post ? compiled : [] };
  parentPort!.postMessage(run);
}

async function runCase(root: string, keep: boolean): Promise<void> {
  const kept = new Map<number, WebAssembly.Module>(); // one per grammar (in the order they were met)
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const run = await new Promise<Run>((resolve, reject) => {
      const w = new Worker(__filename, { workerData: { root, post: keep } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    run.modules.forEach((m, at) => { if (!kept.has(at)) kept.set(at, m); });
    runs.push({ wall: run.wall, cpu: run.cpu });
  }
  process.stdout.write(JSON.stringify(runs));
}

function main(): void {
  const at = process.argv.indexOf('--case');
  if (at >= 0) return void runCase(process.argv[at + 1]!, process.argv[at + 2] === 'keep');
  const workspaces = unpackWorkspaces();
  try {
    console.log(`load average ${loadavg()[0]!.toFixed(1)}; a fresh process per row, three corpus workers in turn, each extracting the whole workspace`);
    for (const root of workspaces.roots) {
      for (const keep of [false, true]) {
        const runs = JSON.parse(execFileSync(process.execPath, [__filename, '--case', root, keep ? 'keep' : 'drop'], { encoding: 'utf8' })) as { wall: number; cpu: number }[];
        console.log(`${basename(root).padEnd(30)} ${keep ? 'main thread keeps the modules' : 'nothing kept                 '}  wall s ${runs.map((r) => r.wall.toFixed(2)).join(' ')}   CPU s ${runs.map((r) => r.cpu.toFixed(2)).join(' ')}`);
      }
    }
  } finally {
    workspaces.done();
  }
}

if (isMainThread) main();
else void worker();
