// The token stream a code workspace gives, file by file, as the CLI reads it (every file not left out by its path,
// in sorted order, through one CorpusProcessor). bench/extract-same.mjs bundles this same file against two
// checkouts and compares what they write, so it imports only modules that older checkouts have too.
// Usage (from extract-same.mjs): node extract-tokens.js <grammar dir> <out.json> <folder>...
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathSkipReason } from '../src/core/code/skip-rules';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS } from '../src/engine/corpus-processor';

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push(full);
  }
}

async function main(): Promise<void> {
  const [grammarDir, outFile, ...roots] = process.argv.slice(2);
  const result: { root: string; files: { rel: string; outcome: unknown; tokensSeen: number }[]; stream: string; learned: unknown; stopListed: number; cpuSeconds: number }[] = [];
  for (const root of roots) {
    const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS, grammarDir });
    const files: (typeof result)[number]['files'] = [];
    const paths: string[] = [];
    walk(root!, paths);
    const c0 = process.cpuUsage();
    for (const path of paths) {
      const rel = relative(root!, path);
      if (pathSkipReason(rel)) continue;
      const outcome = await p.addFile(rel, readFileSync(path));
      files.push({ rel, outcome, tokensSeen: p.builder.tokensSeen });
    }
    const c = process.cpuUsage(c0);
    const stopListed = p.stopListed;
    const { vocab, corpus, learned } = p.finish(1);
    // One word a token, "\n" after each sentence: the whole stream, order and sentence ends included.
    const words = vocab.words;
    const parts: string[] = [];
    for (const id of corpus.ids) parts.push(id < 0 ? '\n' : words[id]! + ' ');
    result.push({ root: relative(join(root!, '..'), root!), files, stream: parts.join(''), learned, stopListed, cpuSeconds: (c.user + c.system) / 1e6 });
  }
  writeFileSync(outFile!, JSON.stringify(result));
}

void main();
