// Real VS Code for tests: code-server (VS Code 1.100.3, web workbench + Node extension host) driven by
// playwright-core and Debian's chromium. See shared/guides/real-vscode.md.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerBin = join(root, '.vscode-test/code-server/node_modules/.bin/code-server');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function dataDir() {
  return resolve(process.env.EMBEDDING_LENS_DATA ?? join(root, '../shared/data'));
}

// Cleanup must also run on Ctrl-C and on uncaught errors, otherwise a detached code-server outlives us.
const cleanups = [];
let exiting = false;
function runCleanups() {
  while (cleanups.length) {
    try { cleanups.pop()(); } catch { /* best effort */ }
  }
}
process.on('exit', runCleanups);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    runCleanups();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}
export function onCleanup(fn) { cleanups.push(fn); }

export function tempDir(prefix = 'el-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!process.env.KEEP_TEMP) onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

/** User settings for a server with Workspace Trust on: no startup prompt or banner, so a new folder stays untrusted (Restricted Mode). */
export const trustSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Start code-server and resolve when it listens. `env` reaches the extension host.
 * Options: env, userDataDir, extensionsDir (persisted when given), port, settings, log(line), host,
 * workspaceTrust (true: Workspace Trust enabled, so folders nobody trusted open in Restricted Mode; the default
 * quiet setup turns trust off).
 */
export async function startCodeServer(options = {}) {
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server not found at ${codeServerBin}; run: sudo bash scripts/install-harness.sh`);
  }
  const tmp = tempDir('el-code-server-');
  const userDataDir = options.userDataDir ?? join(tmp, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(tmp, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = join(userDataDir, 'User/settings.json');
  if (!options.userDataDir || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...(options.workspaceTrust ? trustSettings : {}), ...options.settings }, null, 2));
  }
  const config = join(tmp, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? await freePort();
  const args = ['--config', config, '--auth', 'none', '--bind-addr', `${host}:${port}`,
    '--disable-telemetry', '--disable-update-check', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const log = options.log ?? (() => {});
  const child = spawn(codeServerBin, args, {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'config'), XDG_DATA_HOME: join(tmp, 'data'), ...options.env },
  });
  const killGroup = (sig = 'SIGKILL') => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
  onCleanup(() => killGroup());

  let output = '';
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`code-server not ready after 60 s:\n${output}`)), 60_000);
    const onData = (buf) => {
      const text = buf.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (output.includes('HTTP server listening')) { clearTimeout(timer); res(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`code-server exited (${code}) before listening:\n${output}`)); });
  });
  child.removeAllListeners('exit');

  const base = `http://${host}:${port}`;
  return {
    port, base, userDataDir, extensionsDir, child,
    /** Workbench URL for a folder, optionally with an extension development/test payload. */
    url(folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
      const remote = (p) => `vscode-remote://${host}:${port}${p}`;
      const payload = [];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      let u = `${base}/?folder=${encodeURIComponent(folder)}`;
      if (payload.length) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    async stop() {
      killGroup('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else { child.once('exit', r); setTimeout(r, 3000); } });
      killGroup('SIGKILL');
    },
  };
}

/** Headless Debian chromium through playwright-core. */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath}; run: sudo bash scripts/install-harness.sh`);
  const { chromium } = await import('playwright-core');
  // playwright kills the browser itself when this process exits.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/**
 * Extract the first `limit` files (archive order, so deterministic; 0 = all) of a shared-data tarball into `dest`
 * whose names pass `match` (default: .md files). Code workspaces: `{ tarball: 'workspace/requests-src.tar.gz',
 * limit: 0, match: () => true }`. Returns the archive's top folder inside `dest`.
 */
export function extractWorkspace(dest, { tarball = 'workspace/kubernetes-community-md.tar.gz', limit = 60, match = (n) => n.endsWith('.md') } = {}) {
  const archive = join(dataDir(), tarball);
  if (!existsSync(archive)) {
    throw new Error(`shared data not found at ${archive}; set EMBEDDING_LENS_DATA to the shared/data folder`);
  }
  const names = execFileSync('tar', ['tzf', archive], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n').filter((n) => n && !n.endsWith('/') && match(n));
  const chosen = limit ? names.slice(0, limit) : names;
  mkdirSync(dest, { recursive: true });
  const list = join(dest, '..', `files-${process.pid}.txt`);
  writeFileSync(list, chosen.join('\n') + '\n');
  execFileSync('tar', ['xzf', archive, '-C', dest, '-T', list]);
  rmSync(list, { force: true });
  const top = chosen[0]?.split('/')[0];
  return top ? join(dest, top) : dest;
}

/** The code workspace of the integration and UI tests: requests (Python) and vscode-extension-samples (TypeScript) side by side. */
export function extractCodeWorkspace(dest) {
  mkdirSync(dest, { recursive: true });
  for (const tarball of ['workspace/requests-src.tar.gz', 'workspace/vscode-extension-samples-src.tar.gz']) {
    extractWorkspace(dest, { tarball, limit: 0, match: () => true });
  }
  return dest;
}

/** Parse `N passed, N failed` from a runner's output. */
export function parseCounts(text) {
  const m = [...text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

/** Lines for the in-host runner's results file ({ tests: [{ title, state, ms, error }] }). */
export function resultLines(results) {
  return results.tests.map((t) => t.state === 'passed' ? `  ✓ ${t.title} (${t.ms ?? 0} ms)`
    : t.state === 'pending' ? `  - ${t.title} (pending)`
      : `  ✗ ${t.title}\n      ${String(t.error).split('\n').join('\n      ')}`);
}
