// parseWebviewMessage: every webview message is validated field by field; nothing throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInvalid, parseWebviewMessage } from '../../../src/extension/message-validation';
import { MESSAGES, VIEW_SENDS, type Field, type MessageSpec, type MessageType, type ViewName, type WebviewMessage } from '../../../src/protocol';

function ok(raw: unknown): WebviewMessage {
  const m = parseWebviewMessage(raw);
  assert.ok(!isInvalid(m), `expected valid: ${JSON.stringify(raw)} -> ${JSON.stringify(m)}`);
  return m as WebviewMessage;
}
function bad(raw: unknown, pattern?: RegExp): { error: string; id?: number } {
  const lines: string[] = [];
  const m = parseWebviewMessage(raw, { appendLine: (l) => lines.push(l) });
  assert.ok(isInvalid(m), `expected invalid: ${String(JSON.stringify(raw))}`);
  assert.equal(lines.length, 1, 'each rejection is logged once');
  if (pattern) assert.match(m.error, pattern);
  return m;
}

test('accepts every well-formed message type', () => {
  assert.deepEqual(ok({ type: 'query.neighbours', id: 1, word: 'king', k: 10 }), { type: 'query.neighbours', id: 1, word: 'king', k: 10 });
  ok({ type: 'query.analogy', id: 2, a: 'man', b: 'king', c: 'woman', method: 'add', k: 10 });
  ok({ type: 'query.analogy', id: 3, a: 'man', b: 'king', c: 'woman', method: 'mul', k: 200 });
  ok({ type: 'query.similarity', id: 4, a: 'cat', b: 'dog' });
  ok({ type: 'query.oddOneOut', id: 5, words: ['breakfast', 'lunch', 'dinner', 'cereal'] });
  ok({ type: 'vocab.complete', id: 6, prefix: 'ki', limit: 8 });
  ok({ type: 'ready' });
  ok({ type: 'model.train' });
  ok({ type: 'models.select', modelId: 'model-2024-01-01T00:00:00Z' });
  ok({ type: 'word.findInFiles', word: "don't" });
  ok({ type: 'panel.open', word: 'state-of-the-art', tab: 'analogies' });
  ok({ type: 'panel.open' });
  ok({ type: 'query.neighbours', id: 0, word: 'ü', k: 1 });
  ok({ type: 'query.neighbours', id: 7, word: 'x'.repeat(100), k: 1 });
});

test('returns the typed message without extra fields', () => {
  const m = ok({ type: 'query.similarity', id: 9, a: 'cat', b: 'dog' });
  assert.deepEqual(m, { type: 'query.similarity', id: 9, a: 'cat', b: 'dog' });
});

test('rejects unknown types and non-objects', () => {
  bad({ type: 'runCommand', command: 'workbench.action.terminal.new' }, /unknown message type/);
  bad({ type: 'executeCommand', id: 1 }, /unknown message type/);
  bad({}, /'type' must be a string/);
  bad(null, /plain object/);
  bad(undefined, /plain object/);
  bad('ready', /plain object/);
  bad(42);
  bad([{ type: 'ready' }], /plain object/);
  bad({ type: 42 });
  bad(new (class Fake { type = 'ready'; })(), /plain object/);
});

test('rejects missing, ill-typed and extra fields', () => {
  bad({ type: 'query.neighbours', id: 1, word: 'king' }, /'k'/);
  bad({ type: 'query.neighbours', id: 1, k: 10 }, /'word'/);
  bad({ type: 'query.neighbours', word: 'king', k: 10 }, /'id'/);
  bad({ type: 'query.neighbours', id: '1', word: 'king', k: 10 }, /'id'/);
  bad({ type: 'query.neighbours', id: -1, word: 'king', k: 10 }, /'id'/);
  bad({ type: 'query.neighbours', id: 1.5, word: 'king', k: 10 }, /'id'/);
  bad({ type: 'query.neighbours', id: 1, word: 42, k: 10 }, /'word' must be a string/);
  bad({ type: 'query.neighbours', id: 1, word: 'king', k: 10, command: 'x' }, /unexpected field 'command'/);
  bad({ type: 'ready', extra: true }, /unexpected field/);
  bad({ type: 'model.train', command: 'embeddingLens.train' }, /unexpected field 'command'/);
  bad({ type: 'query.analogy', id: 1, a: 'a', b: 'b', c: 'c', method: 'sub', k: 10 }, /'method'/);
  bad({ type: 'query.analogy', id: 1, a: 'a', b: 'b', method: 'add', k: 10 }, /'c'/);
  bad({ type: 'query.similarity', id: 1, a: 'a', b: null }, /'b'/);
  bad({ type: 'models.select', modelId: '' }, /modelId/);
  bad({ type: 'models.select', modelId: 7 }, /modelId/);
  bad({ type: 'models.select', modelId: 'x'.repeat(201) }, /modelId/);
  bad({ type: 'panel.open', tab: 'quality' }, /'tab'/);
  bad({ type: 'panel.open', tab: 'settings' }, /'tab'/);
});

test('k and limit ranges', () => {
  ok({ type: 'query.neighbours', id: 1, word: 'a', k: 200 });
  bad({ type: 'query.neighbours', id: 1, word: 'a', k: 0 }, /between 1 and 200/);
  bad({ type: 'query.neighbours', id: 1, word: 'a', k: 201 }, /between 1 and 200/);
  bad({ type: 'query.neighbours', id: 1, word: 'a', k: Number.NaN }, /integer/);
  bad({ type: 'query.neighbours', id: 1, word: 'a', k: Infinity }, /integer/);
  bad({ type: 'query.neighbours', id: 1, word: 'a', k: 1e9 }, /between/);
  bad({ type: 'vocab.complete', id: 1, prefix: 'a', limit: 0 });
  bad({ type: 'vocab.complete', id: 1, prefix: 'a', limit: 51 });
  bad({ type: 'vocab.complete', id: 1, prefix: '', limit: 5 }, /empty/);
});

test('words: length limit, no paths, no whitespace or control characters', () => {
  bad({ type: 'query.neighbours', id: 1, word: 'x'.repeat(101), k: 10 }, /longer than 100/);
  bad({ type: 'query.neighbours', id: 1, word: '', k: 10 }, /empty/);
  bad({ type: 'word.findInFiles', word: '../../etc/passwd' }, /single word/);
  bad({ type: 'word.findInFiles', word: 'C:\\Windows' }, /single word/);
  bad({ type: 'word.findInFiles', word: 'two words' }, /single word/);
  bad({ type: 'word.findInFiles', word: 'tab\tbed' }, /single word/);
  bad({ type: 'word.findInFiles', word: 'nul\u0000l' }, /single word/);
  bad({ type: 'word.findInFiles', word: 'line\nbreak' }, /single word/);
  bad({ type: 'query.similarity', id: 1, a: 'ok', b: 'x'.repeat(10_000) }, /longer than 100/);
});

test('oddOneOut word lists', () => {
  bad({ type: 'query.oddOneOut', id: 1, words: ['a', 'b'] }, /3 to 20/);
  bad({ type: 'query.oddOneOut', id: 1, words: Array.from({ length: 21 }, (_, i) => `w${i}`) }, /3 to 20/);
  bad({ type: 'query.oddOneOut', id: 1, words: 'a b c' }, /array/);
  bad({ type: 'query.oddOneOut', id: 1, words: ['a', 'b', 3] }, /words\[2\]/);
  bad({ type: 'query.oddOneOut', id: 1, words: ['a', 'b', 'c/d'] }, /words\[2\]/);
  ok({ type: 'query.oddOneOut', id: 1, words: Array.from({ length: 20 }, (_, i) => `w${i}`) });
});

test('a rejected request keeps its id so the host can answer it', () => {
  const m = bad({ type: 'query.neighbours', id: 12, word: 'a b', k: 10 });
  assert.equal(m.id, 12);
  assert.equal(bad({ type: 'query.neighbours', id: 'x', word: 'a', k: 10 }).id, undefined);
  assert.equal(bad({ type: 'nope', id: 5 }).id, 5);
});

test('never throws, even on hostile objects', () => {
  const hostile = Object.create(null) as Record<string, unknown>;
  Object.defineProperty(hostile, 'type', { get() { throw new Error('boom'); }, enumerable: true });
  const m = parseWebviewMessage(hostile, { appendLine() { throw new Error('log broke'); } });
  assert.ok(isInvalid(m));
  const proxy = new Proxy({}, { ownKeys() { throw new Error('boom'); }, get() { throw new Error('boom'); } });
  assert.ok(isInvalid(parseWebviewMessage(proxy)));
  assert.ok(isInvalid(parseWebviewMessage({ type: 'query.neighbours', id: 1, word: { toString: () => 'x' }, k: 10 })));
  assert.ok(isInvalid(parseWebviewMessage({ type: '__proto__' })));
});

test('names on Object.prototype are not message types', () => {
  for (const type of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) bad({ type }, /unknown message type/);
});

// The validator walks MESSAGES, the table the types come from: a well-formed message is built here from the
// table alone, so every declared message and field is exercised, including any added later.
function sample(f: Field): unknown {
  switch (f.kind) {
    case 'word': return 'king';
    case 'words': return Array.from({ length: f.min }, (_, i) => `w${i}`);
    case 'int': return f.max;
    case 'oneOf': return f.values[f.values.length - 1];
    case 'modelId': return 'model-1';
    case 'optional': return sample(f.field);
  }
}
function wellFormed(type: MessageType): Record<string, unknown> {
  const spec: MessageSpec = MESSAGES[type];
  const m: Record<string, unknown> = { type, ...(spec.request ? { id: 3 } : {}) };
  for (const [key, f] of Object.entries(spec.fields)) m[key] = sample(f);
  return m;
}

test('every message in the table: accepted whole, rejected without a required field or with one more', () => {
  for (const type of Object.keys(MESSAGES) as MessageType[]) {
    const m = wellFormed(type);
    assert.deepEqual(ok(m), m, type);
    const spec: MessageSpec = MESSAGES[type];
    for (const [key, f] of Object.entries(spec.fields)) {
      const { [key]: _dropped, ...rest } = m;
      if (f.kind === 'optional') assert.deepEqual(ok(rest), rest, `${type} without its optional '${key}'`);
      else bad(rest, new RegExp(`'${key.replace(/[.[\]]/g, '\\$&')}'`));
      if (f.kind !== 'oneOf' && !(f.kind === 'optional' && f.field.kind === 'oneOf')) bad({ ...m, [key]: { x: 1 } });
      else bad({ ...m, [key]: 'not-a-choice' }, /must be one of/);
    }
    bad({ ...m, extra: 1 }, /unexpected field 'extra'/);
    if (spec.request) bad(Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'id')), /'id' must be an integer/);
  }
});

test('each view sends only its own messages, and every message has a view that sends it', () => {
  const views = Object.keys(VIEW_SENDS) as ViewName[];
  for (const type of Object.keys(MESSAGES) as MessageType[]) {
    const senders = views.filter((v) => (VIEW_SENDS[v] as readonly string[]).includes(type));
    assert.ok(senders.length > 0, `no view sends ${type}`);
    for (const v of views) {
      const r = parseWebviewMessage(wellFormed(type), { appendLine: () => undefined }, v);
      assert.equal(!isInvalid(r), senders.includes(v), `${v} and ${type}`);
    }
  }
  // the cases that matter most: the sidebar cannot run the panel's queries, the panel cannot open itself
  assert.ok(isInvalid(parseWebviewMessage({ type: 'query.analogy', id: 1, a: 'a', b: 'b', c: 'c', method: 'add', k: 5 }, undefined, 'sidebar')));
  assert.ok(isInvalid(parseWebviewMessage({ type: 'panel.open', word: 'x' }, undefined, 'panel')));
});
