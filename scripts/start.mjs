// `npm start [-- folder]`: try the extension on a folder (default: this repository).
// Desktop VS Code when `code` is on PATH (extension loaded from source); otherwise the bundled code-server with
// the packaged .vsix installed into a private extensions dir (.vscode-test/start/), served on 127.0.0.1.
// Env: PORT (code-server port, default: a free one), EMBEDDING_LENS_DATA.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { codeServerBin, dataDir, root, startCodeServer, tempDir } from './vscode-harness.mjs';

const folder = resolve(process.argv[2] ?? root);
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`not a folder: ${folder}`);
  process.exit(2);
}
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((d) => existsSync(join(d, name)));
const node = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

node('scripts/build.mjs');

if (onPath(process.platform === 'win32' ? 'code.cmd' : 'code') && !process.env.EMBEDDING_LENS_USE_CODE_SERVER) {
  console.log(`start: desktop VS Code on ${folder} with the extension from ${root}`);
  spawn('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit', shell: process.platform === 'win32' })
    .on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!existsSync(codeServerBin)) {
    console.error('start: no `code` on PATH and no bundled code-server; run: sudo bash scripts/install-harness.sh');
    process.exit(1);
  }
  const vsix = join(root, 'dist/embedding-lens.vsix');
  node(join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license',
    '--allow-missing-repository', '-o', vsix);
  const userDataDir = join(root, '.vscode-test/start/user-data');
  const extensionsDir = join(root, '.vscode-test/start/extensions');
  mkdirSync(userDataDir, { recursive: true });
  const cfg = tempDir('el-start-');
  execFileSync(codeServerBin, ['--install-extension', vsix, '--force', '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir], { stdio: 'inherit', env: { ...process.env, XDG_CONFIG_HOME: cfg, XDG_DATA_HOME: cfg } });

  const server = await startCodeServer({
    userDataDir, extensionsDir, port: process.env.PORT ? Number(process.env.PORT) : undefined,
    env: { EMBEDDING_LENS_DATA: dataDir() },
  });
  server.child.on('exit', (code) => { console.log(`code-server exited (${code})`); process.exit(code ?? 1); });
  console.log(`\nEmbedding Lens is running in VS Code (code-server) — open:\n\n  ${server.base}/?folder=${encodeURIComponent(folder)}\n\nCtrl-C stops it.`);
}
