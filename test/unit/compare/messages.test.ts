// Validation of the Compare / Map / Evaluate messages: fixed enums, bounded numbers, no paths from the webview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalid, parseWebviewMessage } from '../../../src/extension/message-validation';
import { PANEL_TABS, type WebviewMessage } from '../../../src/protocol';

function ok(raw: unknown): WebviewMessage {
  const m = parseWebviewMessage(raw);
  assert.ok(!isInvalid(m), `expected valid: ${JSON.stringify(raw)} -> ${JSON.stringify(m)}`);
  return m as WebviewMessage;
}
function bad(raw: unknown, pattern?: RegExp): void {
  const m = parseWebviewMessage(raw, { appendLine: () => undefined });
  assert.ok(isInvalid(m), `expected invalid: ${JSON.stringify(raw)}`);
  if (pattern) assert.match(m.error, pattern);
}

test('compare, map and evaluate messages are accepted when well-formed', () => {
  assert.deepEqual(ok({ type: 'compare.summary', id: 1 }), { type: 'compare.summary', id: 1 });
  assert.deepEqual(ok({ type: 'compare.word', id: 2, word: 'king', k: 10 }), { type: 'compare.word', id: 2, word: 'king', k: 10 });
  assert.deepEqual(ok({ type: 'map.data', id: 3, word: 'king', n: 300, method: 'umap', scope: 'compare' }),
    { type: 'map.data', id: 3, word: 'king', n: 300, method: 'umap', scope: 'compare' });
  ok({ type: 'map.data', id: 4, word: 'king', n: 5, method: 'pca', scope: 'active' });
  ok({ type: 'eval.files', id: 5 });
  ok({ type: 'eval.pick', id: 6, kind: 'analogies' });
  ok({ type: 'eval.pick', id: 7, kind: 'similarity' });
  ok({ type: 'eval.run', id: 8, target: 'active' });
  ok({ type: 'eval.run', id: 9, target: 'compare' });
  ok({ type: 'compare.run' });
  for (const tab of ['compare', 'map', 'evaluate']) {
    assert.ok((PANEL_TABS as readonly string[]).includes(tab));
    ok({ type: 'panel.open', word: 'x', tab });
  }
});

test('compare, map and evaluate messages reject bad fields, paths and extra keys', () => {
  bad({ type: 'compare.word', id: 1, word: 'king', k: 0 }, /'k'/);
  bad({ type: 'compare.word', id: 1, word: 'king', k: 51 }, /'k'/);
  bad({ type: 'compare.word', id: 1, word: '../etc/passwd', k: 10 }, /single word/);
  bad({ type: 'map.data', id: 1, word: 'king', n: 501, method: 'pca', scope: 'active' }, /'n'/);
  bad({ type: 'map.data', id: 1, word: 'king', n: 4, method: 'pca', scope: 'active' }, /'n'/);
  bad({ type: 'map.data', id: 1, word: 'king', n: 50, method: 'tsne', scope: 'active' }, /'method'/);
  bad({ type: 'map.data', id: 1, word: 'king', n: 50, method: 'pca', scope: 'all' }, /'scope'/);
  bad({ type: 'map.data', id: 1, word: 'king', n: 50.5, method: 'pca', scope: 'active' }, /integer/);
  bad({ type: 'eval.pick', id: 1, kind: 'analogies', path: '/etc/passwd' }, /unexpected field 'path'/);
  bad({ type: 'eval.pick', id: 1, kind: 'file' }, /'kind'/);
  bad({ type: 'eval.run', id: 1, target: 'active', file: 'x.txt' }, /unexpected field/);
  bad({ type: 'eval.run', id: 1, target: { toString: () => 'active' } }, /'target'/);
  bad({ type: 'compare.summary' }, /'id'/);
  bad({ type: 'compare.run', command: 'workbench.action.quit' }, /unexpected field/);
});

test('compare, map and evaluate messages come from the panel only: the sidebar may not send them', () => {
  for (const raw of [
    { type: 'compare.word', id: 2, word: 'king', k: 10 }, { type: 'compare.summary', id: 3 }, { type: 'compare.run' },
    { type: 'map.data', id: 4, word: 'king', n: 50, method: 'pca', scope: 'active' },
    { type: 'eval.files', id: 5 }, { type: 'eval.pick', id: 6, kind: 'analogies' }, { type: 'eval.run', id: 7, target: 'active' },
  ]) {
    assert.ok(!isInvalid(parseWebviewMessage(raw, undefined, 'panel')), `the panel sends ${raw.type}`);
    const m = parseWebviewMessage(raw, { appendLine: () => undefined }, 'sidebar');
    assert.ok(isInvalid(m), `the sidebar does not send ${raw.type}`);
    assert.match(m.error, /this view does not send/);
    if ('id' in raw) assert.equal(m.id, raw.id, 'a rejected request is still answered by its id');
  }
});
