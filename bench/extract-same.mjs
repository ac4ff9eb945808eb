// Checks that two checkouts extract exactly the same tokens from both shared code workspaces
// (requests-src.tar.gz, vscode-extension-samples-src.tar.gz): bench/extract-tokens.ts is bundled against each
// checkout's src/ and run over the unpacked workspaces; the token streams (words, order, sentence ends), each
// file's outcome and the "learned from" report must be identical. Both use this checkout's built grammars.
// Usage: node scripts/build.mjs && node bench/extract-same.mjs --root <other checkout>   (e.g. a `git archive` of main)
// Exits 1 on any difference, printing the first one.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--root');
if (at < 0 || !process.argv[at + 1]) { console.error('usage: node bench/extract-same.mjs --root <other checkout>'); process.exit(2); }
const other = resolve(process.argv[at + 1]);
const grammars = join(here, 'dist', 'grammars');
if (!existsSync(join(grammars, 'tree-sitter.wasm'))) { console.error('build first: node scripts/build.mjs'); process.exit(2); }
const data = process.env.EMBEDDING_LENS_DATA ?? resolve(here, '..', 'shared', 'data');

const tmp = mkdtempSync(join(tmpdir(), 'el-extract-same-'));
try {
  const roots = ['requests-src', 'vscode-extension-samples-src'].map((name) => {
    const dest = join(tmp, 'ws', name);
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['xzf', join(data, 'workspace', `${name}.tar.gz`), '-C', dest]);
    return dest;
  });
  const source = readFileSync(join(here, 'bench', 'extract-tokens.ts'), 'utf8');
  const run = async (checkout, name) => {
    const bundle = join(tmp, `${name}.js`);
    await esbuild.build({
      stdin: { contents: source, resolveDir: join(checkout, 'bench'), sourcefile: 'extract-tokens.ts', loader: 'ts' },
      bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', loader: { '.txt': 'text' },
      nodePaths: [join(here, 'node_modules')], outfile: bundle,
    });
    const out = join(tmp, `${name}.json`);
    execFileSync(process.execPath, [bundle, grammars, out, ...roots], { stdio: 'inherit' });
    return JSON.parse(readFileSync(out, 'utf8'));
  };
  const a = await run(other, 'other');
  const b = await run(here, 'this');
  let same = true;
  for (let w = 0; w < a.length; w++) {
    const x = a[w];
    const y = b[w];
    const problems = [];
    if (JSON.stringify(x.files) !== JSON.stringify(y.files)) {
      const i = x.files.findIndex((f, k) => JSON.stringify(f) !== JSON.stringify(y.files[k]));
      problems.push(`files differ first at ${JSON.stringify(x.files[i])} vs ${JSON.stringify(y.files[i])}`);
    }
    if (x.stream !== y.stream) {
      let i = 0;
      while (x.stream[i] === y.stream[i]) i++;
      const from = Math.max(0, i - 150, x.stream.lastIndexOf('\n', i - 150));
      problems.push(`token streams differ at character ${i}:\n  other: ${JSON.stringify(x.stream.slice(from, i + 150))}\n  this:  ${JSON.stringify(y.stream.slice(from, i + 150))}`);
    }
    if (JSON.stringify(x.learned) !== JSON.stringify(y.learned)) problems.push(`learned-from reports differ:\n  other: ${JSON.stringify(x.learned)}\n  this:  ${JSON.stringify(y.learned)}`);
    if (x.stopListed !== y.stopListed) problems.push(`stop-listed ${x.stopListed} vs ${y.stopListed}`);
    const tokens = x.stream.split(/[ \n]+/).filter(Boolean).length;
    const sentences = (x.stream.match(/\n/g) ?? []).length;
    if (problems.length) { same = false; console.log(`${x.root}: DIFFERENT\n${problems.join('\n')}`); }
    else console.log(`${x.root}: identical: ${x.files.length} files, ${tokens.toLocaleString('en')} tokens in ${sentences.toLocaleString('en')} sentences (CPU ${x.cpuSeconds.toFixed(2)} s other, ${y.cpuSeconds.toFixed(2)} s this)`);
  }
  process.exitCode = same ? 0 : 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
