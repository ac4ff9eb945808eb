// The integration suite under @vscode/test-electron, for machines with desktop VS Code.
// Uses `code` from PATH (resolved to its Electron binary) or $VSCODE_EXECUTABLE; otherwise test-electron
// downloads VS Code, which needs internet. Usage: node scripts/run-desktop.mjs [--no-build]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { dataDir, extractWorkspace, resultLines, root, tempDir } from './vscode-harness.mjs';

function desktopExecutable() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  const names = process.platform === 'win32' ? ['code.cmd'] : ['code'];
  const cli = (process.env.PATH ?? '').split(delimiter).flatMap((d) => names.map((n) => join(d, n))).find(existsSync);
  if (!cli) return undefined;
  // `code` is a CLI wrapper script; test-electron must launch the Electron binary itself.
  const bin = dirname(realpathSync(cli));
  const candidates = {
    linux: [join(bin, '../code'), join(bin, '../code-insiders')],
    darwin: [join(bin, '../../../MacOS/Electron'), join(bin, '../../../MacOS/Code')],
    win32: [join(bin, '../Code.exe')],
  }[process.platform] ?? [];
  return candidates.find(existsSync);
}

let passed = 0;
let failed = 0;
try {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const { runTests } = await import('@vscode/test-electron');
  const tmp = tempDir('el-desktop-');
  const workspace = extractWorkspace(join(tmp, 'workspace'));
  const resultsPath = join(tmp, 'results.json');
  const vscodeExecutablePath = desktopExecutable();
  console.log(`desktop: ${vscodeExecutablePath ?? 'no `code` on PATH: test-electron will download VS Code'}`);
  let error;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist/test/integration/index.js'),
      extensionTestsEnv: { EMBEDDING_LENS_DATA: dataDir(), EMBEDDING_LENS_TEST_RESULTS: resultsPath },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
        '--user-data-dir', join(tmp, 'user-data')],
    });
  } catch (err) { error = err; }
  if (!existsSync(resultsPath)) throw new Error(`no results file: run() never completed${error ? ` (${error.message ?? error})` : ''}`);
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
  for (const l of resultLines(results)) console.log(l);
  ({ passed, failed } = results);
  if (error && failed === 0) { failed = 1; console.log(`  ✗ VS Code exited with an error: ${error.message ?? error}`); }
} catch (err) {
  failed++;
  console.log(`  ✗ desktop harness: ${err?.stack ?? err}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
