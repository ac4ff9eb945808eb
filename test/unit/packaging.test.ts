// Every runtime file the build writes must reach the .vsix: a worker bundle left out of .vscodeignore
// works in development and fails only once installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../data-path';

test('.vscodeignore ships every runtime bundle and wasm module, and not the CLI or maps', () => {
  const root = repoRoot();
  const rules = readFileSync(join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
  const runtime = readdirSync(join(root, 'dist')).filter((f) => /\.(js|wasm)$/.test(f) && f !== 'cli.js');
  assert.ok(runtime.includes('extension.js') && runtime.includes('kernels.wasm'), `dist holds ${runtime.join(', ')}`);
  for (const f of runtime) assert.ok(rules.includes(`!dist/${f}`), `dist/${f} is not shipped: add "!dist/${f}" to .vscodeignore`);
  assert.ok(!rules.some((r) => r.startsWith('!') && r.endsWith('.map')), 'source maps stay out of the .vsix');
});
