// How V8 tiers a grammar's WebAssembly, and what it costs the first files of a language. V8 compiles each wasm
// function lazily with its baseline compiler (Liftoff) and, once it has run enough, again with TurboFan in the
// background; a call already running keeps the code it started in. So a fresh process's first files parse in
// baseline code. Each row is a fresh process: load the grammar, then parse the same files several times in order (EL_BENCH_PASSES, 6).
// Rows with V8 flags show the alternatives (--no-wasm-dynamic-tiering: every function tiers up at once, in the
// background; --no-liftoff: TurboFan only, compiled on first call; --liftoff-only: baseline code throughout).
// Prints figures; asserts nothing. Usage: node dist/bench/extract-tiering.js   env: as extract-sources.ts
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { Grammars } from '../src/engine/code/grammars';
import { collectSources, timed, unpackWorkspaces } from './extract-sources';

const PASSES = Number(process.env.EL_BENCH_PASSES ?? 6);
const FLAG_SETS = [[], ['--no-wasm-dynamic-tiering'], ['--no-liftoff'], ['--liftoff-only']];

interface ChildResult { mb: number; files: number; passes: { wall: number; cpu: number }[]; firstTenth: number[] }

async function child(roots: string[], id: string): Promise<void> {
  const g = collectSources(roots).find((s) => s.id === id)!;
  const grammars = new Grammars();
  const parser = await grammars.parser(g.grammar);
  const passes: ChildResult['passes'] = [];
  const firstTenth: number[] = []; // wall seconds of the files that make up the first tenth of the bytes
  for (let r = 0; r < PASSES; r++) {
    let bytes = 0;
    let tenth = 0;
    passes.push(await timed(() => {
      for (const f of g.files) {
        const t0 = performance.now();
        parser.parse(f.text)?.delete();
        if (bytes < g.size / 10) tenth += performance.now() - t0;
        bytes += f.bytes.length;
      }
    }));
    firstTenth.push(tenth / 1000);
  }
  const out: ChildResult = { mb: g.size / 1e6, files: g.files.length, passes, firstTenth };
  process.stdout.write(JSON.stringify(out));
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) return child(process.argv[at + 2]!.split(','), process.argv[at + 1]!);
  const workspaces = unpackWorkspaces();
  try {
    const sources = collectSources(workspaces.roots).filter((s) => s.size >= 0.1e6);
    console.log(`parse only, a fresh process per row, ${PASSES} passes over the same files in order; load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(`language     V8 flags                     MB  MB per CPU-second, passes 1..${PASSES}            first tenth of the bytes, wall: pass 1 / last`);
    for (const g of sources) {
      for (const flags of FLAG_SETS) {
        const json = execFileSync(process.execPath, [...flags, __filename, '--child', g.id, workspaces.roots.join(',')], { encoding: 'utf8', maxBuffer: 1 << 24 });
        const r = JSON.parse(json) as ChildResult;
        const rates = r.passes.map((p) => (r.mb / p.cpu).toFixed(2).padStart(5)).join(' ');
        const last = r.firstTenth.length - 1;
        console.log(`${g.label.padEnd(12)} ${(flags.join(' ') || '(default)').padEnd(26)} ${r.mb.toFixed(2).padStart(5)}  ${rates}   ${(r.firstTenth[0]! * 1000).toFixed(0)} ms / ${(r.firstTenth[last]! * 1000).toFixed(0)} ms (${(r.firstTenth[0]! / r.firstTenth[last]!).toFixed(1)}x)`);
      }
    }
  } finally {
    workspaces.done();
  }
}

void main();
