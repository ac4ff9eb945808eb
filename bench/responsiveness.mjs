// Host responsiveness during a 10,000-dimension PCA map, in the real VS Code (code-server): the extension host's
// event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) while api.compare.map projects a word and
// its 500 neighbours. Prints p50 / p99 / max delay and the map's wall time; asserts nothing.
// Usage: node bench/responsiveness.mjs [--root <checkout>]   (--root: run the same host file against another
//        checkout, e.g. the commit before the analysis worker took the map, for a before/after figure; it must be
//        built there, with dist/bench/responsiveness-host.js)   env: EL_BENCH_DIM, EL_BENCH_WORDS, EL_BENCH_NEIGHBOURS
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, root as here, startCodeServer, tempDir } from '../scripts/vscode-harness.mjs';

const args = process.argv.slice(2);
const root = args.includes('--root') ? resolve(args[args.indexOf('--root') + 1]) : here;
const entry = join(root, 'dist/bench/responsiveness-host.js');
if (!existsSync(entry)) { console.error(`${entry} missing: build that checkout first`); process.exit(1); }
const tmp = tempDir('el-bench-resp-');
const workspace = join(tmp, 'workspace');
mkdirSync(workspace);
writeFileSync(join(workspace, 'notes.md'), 'the lighthouse keeper\n');
const results = join(tmp, 'results.json');
const server = await startCodeServer({ env: { EL_BENCH_RESULTS: results, EL_BENCH_DIM: process.env.EL_BENCH_DIM ?? '', EL_BENCH_WORDS: process.env.EL_BENCH_WORDS ?? '', EL_BENCH_NEIGHBOURS: process.env.EL_BENCH_NEIGHBOURS ?? '' } });
const browser = await launchBrowser();
const page = await browser.newPage();
const exited = new Promise((r) => { page.exposeFunction('codeAutomationExit', r); });
await page.exposeFunction('codeAutomationLog', (type, a) => {
  const text = (Array.isArray(a) ? a : [a]).map(String).join(' ');
  if (type === 'error' && !/open-vsx|ENOTFOUND|getExtensions/.test(text)) console.error('[host]', text);
});
await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 900_000))]);
await browser.close().catch(() => {});
await server.stop();
if (!existsSync(results)) { console.error(`responsiveness bench: no results (exit ${code})`); process.exit(1); }
const r = JSON.parse(readFileSync(results, 'utf8'));
console.log(`responsiveness (${root === here ? 'this checkout' : root}): PCA map of ${r.points} points × ${r.dim} dimensions in ${r.seconds.toFixed(1)} s; ` +
  `host event-loop delay (monitorEventLoopDelay) p50 ${r.delay.p50.toFixed(1)} ms, p99 ${r.delay.p99.toFixed(1)} ms, max ${r.delay.max.toFixed(1)} ms (${r.delay.samples} samples); ` +
  `10 ms ticks late by p50 ${r.ticks.p50.toFixed(1)} ms, p99 ${r.ticks.p99.toFixed(1)} ms, max ${r.ticks.max.toFixed(1)} ms (${r.ticks.samples} ticks)`);
process.exit(0); // the timeout timer would keep the process alive
