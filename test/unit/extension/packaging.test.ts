// Every runtime file the build writes must reach the .vsix: a worker bundle left out of .vscodeignore
// works in development and fails only once installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../data-path';

test('.vscodeignore ships every runtime bundle and wasm module, and not the CLI or maps', () => {
  const root = repoRoot();
  const rules = readFileSync(join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
  const runtime = readdirSync(join(root, 'dist')).filter((f) => /\.(js|wasm)$/.test(f) && f !== 'cli.js');
  assert.ok(runtime.includes('extension.js') && runtime.includes('kernels.wasm'), `dist holds ${runtime.join(', ')}`);
  for (const f of runtime) assert.ok(rules.includes(`!dist/${f}`), `dist/${f} is not shipped: add "!dist/${f}" to .vscodeignore`);
  assert.ok(!rules.some((r) => r.startsWith('!') && r.endsWith('.map')), 'source maps stay out of the .vsix');
});

test('the grammars in use, and only they, are built into dist/grammars and shipped', () => {
  const root = repoRoot();
  const rules = readFileSync(join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
  const { languages } = JSON.parse(readFileSync(join(root, 'src/core/code/data/languages.json'), 'utf8')) as { languages: { grammar: string }[] };
  const wanted = new Set(['tree-sitter.wasm', ...languages.map((l) => `tree-sitter-${l.grammar}.wasm`)]);
  const built = new Set(readdirSync(join(root, 'dist/grammars')).filter((f) => f.endsWith('.wasm')));
  assert.deepEqual([...built].sort(), [...wanted].sort());
  assert.ok(!built.has('tree-sitter-regex.wasm') && !built.has('tree-sitter-ini.wasm'), 'unused grammars stay out');
  assert.ok(rules.includes('!dist/grammars/*.wasm'), 'add "!dist/grammars/*.wasm" to .vscodeignore');
  assert.ok(rules.includes('!dist/grammars/LICENSE-tree-sitter-wasm.txt'), 'ship the grammars\' licence');
  assert.ok(rules.includes('!dist/corpus-worker.js'));
});

test('package.json: the include default is settings.ts DEFAULT_INCLUDE, and every code language can be turned off', async () => {
  const root = repoRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;
  const { languages } = JSON.parse(readFileSync(join(root, 'src/core/code/data/languages.json'), 'utf8')) as { languages: { id: string; extensions: string[] }[] };
  assert.deepEqual(props['embeddingLens.include'].default, ['**/*.{md,markdown,txt,rst,adoc,tex,org}', `**/*.{${languages.flatMap((l) => l.extensions).join(',')}}`]);
  assert.deepEqual(Object.keys(props['embeddingLens.code.languages'].properties).sort(), languages.map((l) => l.id).sort());
  assert.deepEqual(props['embeddingLens.code.parts'].default, ['comments', 'strings', 'identifiers']);
  assert.equal(props['embeddingLens.code.enabled'].default, true);
});
