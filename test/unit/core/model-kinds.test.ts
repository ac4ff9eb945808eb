// The table of training rules (src/core/model-kinds.ts) is the one source: package.json's setting must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ALPHA, DEFAULT_MODEL_KIND, MODEL_KIND_TABLE, MODEL_KINDS, isModelKind, isModelSourceKind, modelLabel } from '../../../src/core/model-kinds';
import { resolveOptions } from '../../../src/engine/options';
import { repoRoot } from '../../data-path';

const manifest = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
const setting = manifest.contributes.configuration.properties['embeddingLens.model'];

test("package.json's embeddingLens.model enum, descriptions and default are the table's", () => {
  assert.deepEqual(setting.enum, [...MODEL_KINDS]);
  assert.deepEqual(setting.enumDescriptions, MODEL_KIND_TABLE.map((k) => k.description));
  assert.equal(setting.default, DEFAULT_MODEL_KIND);
});

test('labels, defaults and guards come from the table', () => {
  assert.equal(modelLabel('cbow-corrected'), 'corrected CBOW');
  assert.equal(modelLabel('imported'), 'imported vectors');
  assert.equal(new Set(MODEL_KIND_TABLE.map((k) => k.label)).size, MODEL_KIND_TABLE.length, 'labels are distinct');
  for (const k of MODEL_KINDS) assert.equal(resolveOptions({ model: k }).alpha, DEFAULT_ALPHA[k], `${k}: the engine's default α`);
  assert.ok(isModelKind('sg') && !isModelKind('imported') && isModelSourceKind('imported') && !isModelSourceKind('cbow'));
});
