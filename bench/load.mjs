// Load benchmark in the real VS Code (code-server): train on the 33 MB PowerShell-Docs workspace while issuing
// 200 hover requests; prints p50/p95 hover latency during training and the peak memory of the extension host.
// Usage: node bench/load.mjs   env: EL_BENCH_EPOCHS (default: the extension's automatic epochs), EL_BENCH_HOVERS (200),
//        EL_BENCH_FILES (limit the number of .md files, for a quick check; default all), TIMEOUT_S (1800)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, extractWorkspace, launchBrowser, root, startCodeServer, tempDir } from '../scripts/vscode-harness.mjs';

const entry = join(root, 'dist/bench/load-host.js');
if (!existsSync(entry)) { console.error(`${entry} missing: run node scripts/build.mjs`); process.exit(1); }
const tmp = tempDir('el-bench-load-');
const workspace = extractWorkspace(join(tmp, 'workspace'), { tarball: 'workspace/PowerShell-Docs-md.tar.gz', limit: Number(process.env.EL_BENCH_FILES ?? 0) });
const results = join(tmp, 'results.json');
const server = await startCodeServer({ env: { EMBEDDING_LENS_DATA: dataDir(), EL_BENCH_RESULTS: results, EL_BENCH_EPOCHS: process.env.EL_BENCH_EPOCHS ?? '', EL_BENCH_HOVERS: process.env.EL_BENCH_HOVERS ?? '200' } });
const browser = await launchBrowser();
const page = await browser.newPage();
const exited = new Promise((resolve) => { page.exposeFunction('codeAutomationExit', resolve); });
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
  if (type === 'error' && !/open-vsx|ENOTFOUND|getExtensions/.test(text)) console.error('[host]', text);
});
console.log(`load bench: training on ${workspace} in code-server ${server.base}`);
await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
const timeoutMs = Number(process.env.TIMEOUT_S ?? 1800) * 1000;
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
await browser.close().catch(() => {});
await server.stop();
if (!existsSync(results)) { console.error(`load bench: no results (exit ${code})`); process.exit(1); }
const r = JSON.parse(readFileSync(results, 'utf8'));
console.log(`load bench: ${r.outcome}: ${r.files} files, ${r.tokens} tokens, vocabulary ${r.vocab}, ${r.epochs} epochs, ${r.trainSeconds.toFixed(1)} s`);
console.log(`load bench: ${r.hovers} hovers, ${r.hoversDuringTraining} during training (${r.hoversWithNeighbours} with neighbours): ` +
  `p50 ${r.p50ms.toFixed(1)} ms, p95 ${r.p95ms.toFixed(1)} ms, max ${r.maxMs?.toFixed(1)} ms; after training p95 ${Number(r.p95AfterMs).toFixed(1)} ms`);
console.log(`activation in the real VS Code: bundle evaluated in ${r.activation.loadMs.toFixed(1)} ms, activate() ${r.activation.activateMs.toFixed(1)} ms`);
console.log(`load bench: peak extension-host RSS (engine workers included) ${r.peakRssMB.toFixed(0)} MB, ` +
  `${(r.peakRssMB - r.baselineRssMB).toFixed(0)} MB above the host's ${r.baselineRssMB.toFixed(0)} MB before training; ` +
  `engine budget (matrices + corpus + 150 MB) ${r.budgetMB.toFixed(0)} MB`);
process.exit(r.outcome === 'success' ? 0 : 1);
