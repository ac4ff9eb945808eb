// Extraction throughput per language, on one core: MB of source per second through the whole per-file path of
// the corpus worker (decode, parse with the tree-sitter grammar, extract comments/strings/identifiers, split,
// tokenize into the CorpusBuilder), and beside it tree-sitter's parse alone (parser.parse on the same decoded
// files, each tree deleted): the ceiling the grammar itself sets. Per CPU-second of the process (every thread, the
// background compilers included) and of this thread alone. Prints figures; asserts nothing.
// Sources: see extract-sources.ts (the shared code workspaces, plus EL_BENCH_SOURCES).
// Usage: node dist/bench/extract.js
//   env: EL_BENCH_SOURCES, EL_BENCH_REPEAT (3), EL_BENCH_MAX_MB (per language, 20), EL_BENCH_LANGUAGES (ids, all)
import { loadavg } from 'node:os';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS } from '../src/engine/corpus-processor';
import { Grammars } from '../src/engine/code/grammars';
import { collectSources, timed, unpackWorkspaces } from './extract-sources';

const REPEAT = Number(process.env.EL_BENCH_REPEAT ?? 3);

async function main(): Promise<void> {
  const workspaces = unpackWorkspaces();
  try {
    const sources = collectSources(workspaces.roots);
    console.log(`extraction throughput, one thread, best of ${REPEAT} passes; load average ${loadavg()[0]!.toFixed(1)}`);
    console.log('whole: the corpus worker\'s per-file path; parse: parser.parse alone, same files; first: the whole path\'s first pass (loads the grammar)');
    console.log('whole and parse: per CPU-second of the process (all threads) / of this thread alone');
    console.log('language      files      MB   whole MB/CPU-s   parse MB/CPU-s  parse share  whole MB/s wall  first MB/s wall    tokens');
    for (const g of sources) {
      let whole = { wall: Infinity, cpu: Infinity, thread: Infinity };
      let first = 0;
      let tokens = 0;
      const grammars = new Grammars(); // the first pass loads the grammar; later passes reuse it
      for (let r = 0; r < REPEAT; r++) {
        const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS }, grammars);
        const t = await timed(async () => { for (const f of g.files) await p.addFile(f.rel, f.bytes); });
        if (r === 0) first = t.wall;
        whole = { wall: Math.min(whole.wall, t.wall), cpu: Math.min(whole.cpu, t.cpu), thread: Math.min(whole.thread, t.thread) };
        tokens = p.builder.tokensSeen;
      }
      const parser = await grammars.parser(g.grammar);
      let parse = Infinity;
      let parseThread = Infinity;
      for (let r = 0; r < REPEAT; r++) {
        const t = await timed(() => { for (const f of g.files) parser.parse(f.text)?.delete(); });
        parse = Math.min(parse, t.cpu);
        parseThread = Math.min(parseThread, t.thread);
      }
      const mb = g.size / 1e6;
      console.log(`${g.label.padEnd(12)} ${String(g.files.length).padStart(6)} ${mb.toFixed(2).padStart(7)} ${`${(mb / whole.cpu).toFixed(2)} / ${(mb / whole.thread).toFixed(2)}`.padStart(16)} ${`${(mb / parse).toFixed(2)} / ${(mb / parseThread).toFixed(2)}`.padStart(16)} ${(100 * parseThread / whole.thread).toFixed(0).padStart(10)} % ${(mb / whole.wall).toFixed(2).padStart(16)} ${(mb / first).toFixed(2).padStart(16)} ${tokens.toLocaleString('en').padStart(9)}   (${g.id})`);
    }
  } finally {
    workspaces.done();
  }
}

void main();
