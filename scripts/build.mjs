// One build for everything: the AssemblyScript kernels, then every esbuild bundle.
// Output goes to dist/, which is git-ignored; `npm install` runs this through "prepare".
// --watch (npm run watch): build once, then rebuild the extension, worker, CLI and webview bundles on every change
// (esbuild's watch mode; tests are left to `npm test`, and a change to the AssemblyScript kernels needs a rebuild).
import * as esbuild from 'esbuild';
import asc from 'assemblyscript/asc';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

async function buildKernels() {
  await buildKernel('dist/kernels.wasm', 'simd,threads');
  // Loaded instead where the runtime validates relaxed SIMD (src/engine/kernel.ts).
  await buildKernel('dist/kernels-relaxed.wasm', 'simd,threads,relaxed-simd');
}

async function buildKernel(outFile, features) {
  const { error, stderr } = await asc.main([
    'src/engine/kernels/w2v.ts',
    '--outFile', outFile,
    '--optimizeLevel', '3', '--shrinkLevel', '0', '--converge',
    '--noAssert',
    '--runtime', 'stub',
    '--enable', features,
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
    '--memoryBase', '65536',
  ], { stdout: process.stdout, stderr: process.stderr });
  if (error) throw new Error(`AssemblyScript build failed: ${error.message}\n${stderr}`);
}

// Nearest-neighbour search (src/engine/search.ts loads it): one instance per model on a memory JS creates and
// sizes once. The memory is shared, so that a worker can normalise and quantise a model into it and the host
// then instantiates the module on that same memory (no copy). No data segments, no runtime.
async function buildSearch() {
  const { error, stderr } = await asc.main([
    'src/engine/kernels/search.ts',
    '--outFile', 'dist/search.wasm',
    '--optimizeLevel', '3', '--shrinkLevel', '0', '--converge',
    '--noAssert',
    '--runtime', 'stub',
    '--enable', 'simd,threads',
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  ], { stdout: process.stdout, stderr: process.stderr });
  if (error) throw new Error(`AssemblyScript build failed: ${error.message}\n${stderr}`);
}

function files(dir, suffix) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .filter((f) => String(f).endsWith(suffix))
    .map((f) => join(dir, String(f)));
}

// Stop lists and word lists are data files, bundled as strings.
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning', loader: { '.txt': 'text' } };

// The tree-sitter runtime and only the grammars that src/core/code/data/languages.json names (not ini, regex, …),
// with their licence; the corpus worker loads each lazily, on the first file of its language.
function copyGrammars() {
  const from = join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
  const to = join(dist, 'grammars');
  const { languages } = JSON.parse(readFileSync(join(root, 'src/core/code/data/languages.json'), 'utf8'));
  const wanted = ['tree-sitter.wasm', ...new Set(languages.map((l) => `tree-sitter-${l.grammar}.wasm`))];
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const f of wanted) {
    if (!existsSync(join(from, f))) throw new Error(`@vscode/tree-sitter-wasm has no ${f}`);
    copyFileSync(join(from, f), join(to, f));
  }
  copyFileSync(join(root, 'node_modules/@vscode/tree-sitter-wasm/LICENSE'), join(to, 'LICENSE-tree-sitter-wasm.txt'));
}

function entries(list) {
  return Object.fromEntries(list.map((f) => [relative(root, f).replace(/\.ts$/, ''), join(root, f)]));
}

async function buildBundles({ watch = false } = {}) {
  const present = (f) => existsSync(join(root, f));
  const jobs = [];
  const hostEntries = {};
  if (present('src/extension/activate.ts')) hostEntries.extension = join(root, 'src/extension/activate.ts');
  if (present('src/engine/worker.ts')) hostEntries['engine-worker'] = join(root, 'src/engine/worker.ts');
  if (present('src/cli.ts')) hostEntries.cli = join(root, 'src/cli.ts');
  if (present('src/engine/analysis-worker.ts')) hostEntries['analysis-worker'] = join(root, 'src/engine/analysis-worker.ts');
  if (present('src/engine/corpus-worker.ts')) hostEntries['corpus-worker'] = join(root, 'src/engine/corpus-worker.ts');
  if (present('src/engine/vectors-worker.ts')) hostEntries['vectors-worker'] = join(root, 'src/engine/vectors-worker.ts');
  // The banner is the bundle's first statement, so activation timing includes evaluating the bundle.
  const banner = { js: 'var __embeddingLensLoadStart = performance.now();' };
  const watched = [{ ...node, entryPoints: hostEntries, outdir: dist, external: ['vscode'], banner }];

  const testEntries = entries([
    ...files('test/unit', '.test.ts'),
    ...files('test/robustness', '.test.ts'),
    ...files('test/integration', '.ts'),
    ...files('test/second-window', '.ts'),
    ...files('test/code-workspace', '.ts'),
    ...files('test/untrusted', '.ts'),
    ...files('bench', '.ts'),
  ]);
  // A moved or deleted test must not leave its old bundle behind to run again: dist/test is rebuilt whole.
  rmSync(join(dist, 'test'), { recursive: true, force: true });
  if (Object.keys(testEntries).length) {
    // parquet-wasm (a test-only Parquet writer) loads its .wasm beside its own file: not bundled.
    jobs.push(esbuild.build({ ...node, entryPoints: testEntries, outdir: dist, external: ['vscode', 'mocha', 'playwright-core', 'parquet-wasm', 'apache-arrow'] }));
  }

  const webEntries = Object.fromEntries(
    ['sidebar', 'panel'].filter((v) => present(`webview/${v}/main.ts`)).map((v) => [v, join(root, `webview/${v}/main.ts`)]),
  );
  if (Object.keys(webEntries).length) {
    watched.push({
      bundle: true, platform: 'browser', target: 'es2022', format: 'esm', minify: true,
      sourcemap: 'linked', logLevel: 'warning', entryPoints: webEntries, outdir: join(dist, 'webview'),
    });
  }
  if (!watch) {
    await Promise.all([...jobs, ...watched.map((options) => esbuild.build(options))]);
    return;
  }
  await Promise.all(jobs);
  for (const options of watched) {
    const ctx = await esbuild.context({ ...options, logLevel: 'info' });
    await ctx.watch();
  }
  console.log('watching src/ and webview/ (Ctrl+C to stop)');
}

copyGrammars();
await buildKernels();
await buildSearch();
await buildBundles({ watch: process.argv.includes('--watch') });
