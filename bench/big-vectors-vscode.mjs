// npm run bench (issue 11): "Load Embeddings from File…" on generated 1 M and 3 M × 300 word2vec binary files
// in the real VS Code (code-server), each size in a fresh server. See bench/big-vectors-host.ts for what is
// measured. Prints the figures and writes .bench-out/big-vectors-vscode-<BENCH_LABEL>.json; asserts nothing.
// env: BENCH_BIG_SIZES ("1000000,3000000"), BENCH_BIG_DIM (300), BENCH_BIG_DIR (reuse files there), TIMEOUT_S (1200),
//      BENCH_OWN_SEEDS (3; 0: no .emblens model), BENCH_OWN_SEED_DIM (100), BENCH_OWN_OUTPUTS (0): our own model
//      of the same words; BENCH_PORT_SCAN (1; 0: the user settings remote.autoForwardPorts off and remote.autoForwardPortsSource "output", so the remote
//      extension host does not spawn its port scans, see watchStalls in bench/big-vectors-host.ts)
// --root <checkout>: run this bench's host file in another checkout's build (the "before" figures)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, root as here, startCodeServer, tempDir } from '../scripts/vscode-harness.mjs';

const rootAt = process.argv.indexOf('--root');
const root = rootAt >= 0 ? resolve(process.argv[rootAt + 1]) : here;
const entry = join(root, 'dist/bench/big-vectors-host.js');
if (!existsSync(entry)) { console.error(`${entry} missing: run node scripts/build.mjs`); process.exit(1); }
const { bigWord, writeBigBinary } = await import(join(root, 'dist/bench/big-vectors-files.js')).then((m) => m.default ?? m);
const sizes = (process.env.BENCH_BIG_SIZES ?? '1000000,3000000').split(',').map(Number);
const dim = Number(process.env.BENCH_BIG_DIM ?? 300);
const label = process.env.BENCH_LABEL ?? 'run';
const dir = process.env.BENCH_BIG_DIR ?? tempDir('el-big-vscode-');
mkdirSync(dir, { recursive: true });
const all = [];
for (const n of sizes) {
  const file = join(dir, `big-${n}x${dim}.bin`);
  if (!existsSync(file)) await writeBigBinary(file, n, dim);
  const tmp = tempDir('el-bench-big-');
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'README.md'), 'bench workspace\n');
  const results = join(tmp, 'results.json');
  const portScan = process.env.BENCH_PORT_SCAN !== '0';
  const server = await startCodeServer({ ...(portScan ? {} : { settings: { 'remote.autoForwardPorts': false, 'remote.autoForwardPortsSource': 'output' } }), env: {
    EL_BENCH_RESULTS: results, EL_BENCH_VECTORS: file, EL_BENCH_WORD: bigWord(Math.floor(n / 2)),
    EL_BENCH_OWN_SEEDS: process.env.BENCH_OWN_SEEDS ?? '3', EL_BENCH_OWN_SEED_DIM: process.env.BENCH_OWN_SEED_DIM ?? '100',
    EL_BENCH_OWN_OUTPUTS: process.env.BENCH_OWN_OUTPUTS ?? '0',
  } });
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const exited = new Promise((resolve) => { page.exposeFunction('codeAutomationExit', resolve); });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
    if (type === 'error' && !/open-vsx|ENOTFOUND|getExtensions/.test(text)) console.error('[host]', text);
  });
  await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), Number(process.env.TIMEOUT_S ?? 1200) * 1000))]);
  await browser.close().catch(() => {});
  await server.stop();
  const r = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { outcome: `no results (exit ${code})` };
  r.requestedWords = n;
  r.portScan = portScan;
  all.push(r);
  const f = (x, d = 1) => (typeof x === 'number' ? x.toFixed(d) : String(x));
  if (r.outcome !== 'success') console.log(`${n} x ${dim}: ${r.outcome} ${r.error ?? ''}`);
  else {
    if (r.idleDelay) console.log(`${n} x ${dim}: control, 5 s idle: event-loop delay p99 ${f(r.idleDelay.p99Ms)} ms, max ${f(r.idleDelay.maxMs)} ms (load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' ')})`);
    console.log(`${n} x ${dim} (${(r.bytes / 1e9).toFixed(2)} GB): load ${f(r.loadMs / 1000, 2)} s; event-loop delay during the load p50 ${f(r.loadDelay.p50Ms)} ms, p99 ${f(r.loadDelay.p99Ms)} ms, max ${f(r.loadDelay.maxMs)} ms`);
    console.log(`  VS Code's port scan (remote.autoForwardPorts): ${portScan ? 'on, as code-server has it' : 'off'}`);
    const stallList = (label, stalls, gcs, spawns, unexplained) => {
      if (stalls?.length) console.log(`  stalls over 25 ms ${label} (at ms: length, after): ${stalls.map((x) => `${x.atMs}: ${x.ms} ms (${x.after})`).join('; ')}`);
      if (gcs?.length) console.log(`  garbage-collector pauses of 10 ms or more ${label} (at ms: length): ${gcs.map((x) => `${x.atMs}: ${x.ms} ms (${x.kind === 4 ? 'major' : x.kind === 1 ? 'minor' : `kind ${x.kind}`}${x.flags > 0 ? `, flags ${x.flags}` : ''})`).join('; ')}`);
      if (spawns) console.log(`  processes spawned on the host's thread ${label}: ${spawns.length}${spawns.length ? ` (${[...new Set(spawns.map((x) => x.file))].join(', ')}); spawn() held the thread up to ${Math.max(...spawns.map((x) => x.ms))} ms` : ''}`);
      if (unexplained !== undefined) console.log(`  the longest stall with no collection or spawn in it ${label}: ${unexplained} ms`);
    };
    stallList('during the load', r.stalls, r.gcPauses, r.spawns, r.unexplainedMaxMs);
    console.log(`  hovers during the load: ${r.hoversDuringLoad} (${r.hoversAnswered} answered), p50 ${f(r.hoverP50Ms)} ms, p95 ${f(r.hoverP95Ms)} ms, max ${f(r.hoverMaxMs)} ms`);
    console.log(`  extension host RSS: ${f(r.baselineRssMB, 0)} MiB before, peak ${f(r.peakRssMB, 0)} MiB during the load (+${f(r.peakRssMB - r.baselineRssMB, 0)} MiB; matrix ${f((n * dim * 4) / 2 ** 20, 0)} MiB)${r.hostHeapGrowthMB === undefined ? '' : `; its JavaScript heap after the load, collected: ${r.hostHeapGrowthMB >= 0 ? '+' : ''}${f(r.hostHeapGrowthMB)} MiB, now ${f(r.hostHeapMB)} MiB, and a full collection of it took ${f(r.fullGcMs)} ms`}`);
    const released = (x) => (x.beforeReload ? `host RSS ${f(x.beforeReload.rssMB, 0)} MiB after ${f(x.beforeReload.waitedMs / 1000, 1)} s of waiting for the previous model's release; ` : '');
    const apart = (x) => (x.reloadOnlyDelay ? `; the reload alone: ready in ${f(x.readyMs / 1000, 2)} s, event-loop delay p99 ${f(x.reloadOnlyDelay.p99Ms)} ms, max ${f(x.reloadOnlyDelay.maxMs)} ms; then the first hover ${f(x.firstHoverMs)} ms` : '');
    console.log(`  first query after a reload (${released(r)}then): ${f(r.firstQueryMs / 1000, 2)} s (answered: ${r.firstQueryAnswered}); event-loop delay p99 ${f(r.reloadDelay.p99Ms)} ms, max ${f(r.reloadDelay.maxMs)} ms${apart(r)}; the next hover ${f(r.secondQueryMs)} ms${r.queriesOffThread === undefined ? '' : `; queries ${r.queriesOffThread ? 'in the query worker' : 'on the host'}`}`);
    stallList('over the reload and first hover', r.reloadStalls, r.reloadGcPauses, r.reloadSpawns, r.reloadUnexplainedMaxMs);
    if (r.own) {
      const o = r.own;
      console.log(`  our own model file (${released(o)}then), ${o.words} words × ${o.seeds} seeds × ${o.seedDim} (${o.outputs ? 'input and output vectors' : 'input vectors'}, ${(o.fileBytes / 2 ** 20).toFixed(0)} MiB): first query after a reload ${f(o.firstQueryMs / 1000, 2)} s ` +
        `(answered: ${o.firstQueryAnswered}); event-loop delay p99 ${f(o.reloadDelay.p99Ms)} ms, max ${f(o.reloadDelay.maxMs)} ms; host RSS ${f(o.rssBeforeMB, 0)} -> peak ${f(o.peakRssMB, 0)} MiB${apart(o)}; the next hover ${f(o.secondQueryMs)} ms`);
      stallList('over the own model\'s reload and first hover', o.stalls, o.gcPauses, o.spawns, o.unexplainedMaxMs);
    }
  }
}
mkdirSync(join(here, '.bench-out'), { recursive: true });
writeFileSync(join(here, '.bench-out', `big-vectors-vscode-${label}.json`), JSON.stringify(all, null, 2));
process.exit(0);
