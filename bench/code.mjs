// Code workspaces in the real VS Code (code-server): the extension host's event-loop delay while requests and
// vscode-extension-samples are collected, before and after the corpus worker, and their tokens and vocabulary
// prose-only and with code. Prints figures; asserts nothing.
// Usage: node bench/code.mjs   env: EL_BENCH_REPEAT (3), TIMEOUT_S (1800)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, extractCodeWorkspace, launchBrowser, root, startCodeServer, tempDir } from '../scripts/vscode-harness.mjs';

const entry = join(root, 'dist/bench/code-host.js');
if (!existsSync(entry)) { console.error(`${entry} missing: run node scripts/build.mjs`); process.exit(1); }
const tmp = tempDir('el-bench-code-');
const workspace = extractCodeWorkspace(join(tmp, 'code-workspace'));
const results = join(tmp, 'results.json');
const server = await startCodeServer({ env: { EMBEDDING_LENS_DATA: dataDir(), EL_BENCH_RESULTS: results, EL_BENCH_REPEAT: process.env.EL_BENCH_REPEAT ?? '3' } });
const browser = await launchBrowser();
const page = await browser.newPage();
const exited = new Promise((resolve) => { page.exposeFunction('codeAutomationExit', resolve); });
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
  if (type === 'error' && !/open-vsx|ENOTFOUND|getExtensions|Unable to read file/.test(text)) console.error('[host]', text);
});
await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), Number(process.env.TIMEOUT_S ?? 1800) * 1000))]);
await browser.close().catch(() => {});
await server.stop();
if (!existsSync(results)) { console.error(`code bench: no results (exit ${code})`); process.exit(1); }
const r = JSON.parse(readFileSync(results, 'utf8'));
const ms = (d) => `p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(0)} ms (worst ${d.worstMax.toFixed(0)}); host thread busy ${(100 * d.busy).toFixed(0)} % of ${d.seconds.toFixed(1)} s`;
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores)`);
for (const [name, x] of Object.entries(r)) {
  console.log(`${name}:`);
  console.log(`  host event-loop delay while collecting, before (host tokenizes, code as text): ${ms(x.before)}`);
  console.log(`  host event-loop delay while collecting, after (corpus worker):                 ${ms(x.after)}`);
  const f = (y) => `${y.files} files, ${y.tokens} tokens, vocabulary ${y.vocab} (min-count ${y.minCount}, ${y.epochs} automatic epochs)`;
  console.log(`  prose-only: ${f(x.proseOnly)}`);
  console.log(`  with code:  ${f(x.withCode)}`);
}
