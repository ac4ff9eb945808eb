// Shared helpers for the robustness suite (bundled into each test file by esbuild). Its seeded generator is Rng in
// ./random.ts, re-exported here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../data-path';

export { Rng } from './random';

/** A temp folder removed when the process exits. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliResult { code: number | null; stdout: string; stderr: string; ms: number }

/** Runs the built CLI (dist/cli.js) as a child process, like a user would. */
export function runCli(args: string[], { timeoutMs = 60_000 } = {}): Promise<CliResult> {
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} hung for ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
