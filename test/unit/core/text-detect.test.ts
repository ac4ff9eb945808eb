import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, looksBinary } from '../../../src/core/text-detect';

const enc = new TextEncoder();

test('plain UTF-8 text decodes, BOM dropped', () => {
  assert.deepEqual(decodeText(enc.encode('héllo wörld\n\ttab')), { kind: 'text', text: 'héllo wörld\n\ttab' });
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('x')]);
  assert.deepEqual(decodeText(bom), { kind: 'text', text: 'x' });
  assert.deepEqual(decodeText(new Uint8Array()), { kind: 'text', text: '' });
});

test('a NUL byte in the first 8 KB means binary', () => {
  const b = enc.encode('abc\0def');
  assert.ok(looksBinary(b));
  assert.equal(decodeText(b).kind, 'binary');
  const late = new Uint8Array(9000).fill(0x61);
  late[8500] = 0;
  assert.ok(!looksBinary(late), 'only the first 8 KB are sniffed');
});

test('many control bytes mean binary', () => {
  const b = new Uint8Array(100).fill(0x61);
  for (let i = 0; i < 20; i++) b[i * 5] = 0x01;
  assert.ok(looksBinary(b));
  const few = new Uint8Array(100).fill(0x61);
  few[3] = 0x01;
  assert.ok(!looksBinary(few));
});

test('invalid UTF-8 is reported', () => {
  assert.equal(decodeText(new Uint8Array([0x61, 0xff, 0xfe, 0x62])).kind, 'invalid-utf8');
  assert.equal(decodeText(new Uint8Array([0xc3])).kind, 'invalid-utf8');
});
