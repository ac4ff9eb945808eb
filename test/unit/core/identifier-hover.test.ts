import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverTarget, partsNeighbours, renderPartsHover } from '../../../src/core/identifier-hover';
import { Embeddings } from '../../../src/core/vectors';

const vocab = (words: string[]) => { const s = new Set(words); return (w: string) => s.has(w); };

test('hover target: the whole identifier first, then the prose word, then its parts combined', () => {
  assert.deepEqual(hoverTarget(vocab(['http_adapter', 'http', 'adapter']), 'HTTPAdapter', 'HTTPAdapter'), { kind: 'word', word: 'http_adapter', from: 'identifier' });
  assert.deepEqual(hoverTarget(vocab(['get_adapter', 'get']), 'get_adapter', 'get'), { kind: 'word', word: 'get_adapter', from: 'identifier' });
  assert.deepEqual(hoverTarget(vocab(['get', 'adapter']), 'get_adapter', 'adapter'), { kind: 'word', word: 'adapter', from: 'word' });
  assert.deepEqual(hoverTarget(vocab(['http', 'adapter', 'zzz']), 'HTTPAdapter', 'HTTPAdapter'), { kind: 'parts', identifier: 'HTTPAdapter', parts: ['http', 'adapter'], missing: [] });
  assert.deepEqual(hoverTarget(vocab(['unity', 'engine']), 'Unity3DEngine', 'Unity3DEngine'), { kind: 'parts', identifier: 'Unity3DEngine', parts: ['unity', 'engine'], missing: ['3d'] });
  assert.deepEqual(hoverTarget(vocab(['state-of-the-art']), 'state', 'state-of-the-art'), { kind: 'word', word: 'state-of-the-art', from: 'word' });
  assert.equal(hoverTarget(vocab(['other']), 'HTTPAdapter', 'HTTPAdapter'), undefined);
  assert.equal(hoverTarget(vocab(['other']), 'adapter', 'adapter'), undefined);
  // a cased (imported) model
  assert.deepEqual(hoverTarget(vocab(['Paris']), 'Paris', 'Paris'), { kind: 'word', word: 'Paris', from: 'word' });
});

test('parts combined: neighbours of the mean of the parts, without the parts; the hover escapes and labels it', () => {
  const words = ['http', 'adapter', 'transport', 'banana'];
  const emb = new Embeddings(words, 2, new Float32Array([1, 0, 0, 1, 0.7, 0.7, -1, 0]));
  const t = hoverTarget((w) => emb.id(w) >= 0, 'HTTPAdapter', 'HTTPAdapter');
  assert.equal(t?.kind, 'parts');
  if (t?.kind !== 'parts') return;
  const n = partsNeighbours(emb, t, 2);
  assert.deepEqual(n.map((x) => x.word), ['transport', 'banana']);
  const md = renderPartsHover({ ...t, identifier: '[x](command:evil)', missing: ['<img>'] }, n, 'model');
  assert.match(md, /combined/);
  assert.ok(!md.includes('[x](command:evil)') && !md.includes('<img>'), md);
  assert.ok(md.includes('command:embeddingLens.explore'), md);
});
