// The staged search layout (engine/search.ts), which models too big for one wasm memory get (3 M × 300): the
// unit matrix in a SharedArrayBuffer of its own, the int8 copy in the search memory, candidates copied to a
// staging area to be rescored. Prepared as the load worker prepares it (prepareSharedSearch) and searched from
// two lanes of the same memory, as the host and the query worker search it, it must give every answer of the
// in-memory layout, the per-seed lists of an ensemble included, and the same int8 copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreedNeighbours, modelEmbeddings } from '../../../src/core/ensemble';
import { nearest, nearestToVector } from '../../../src/core/query';
import { setAccelerator, type Embeddings } from '../../../src/core/vectors';
import { lastCandidateCount, prepareSharedSearch, preparedEmbeddings, quantizedCopy, searchLayoutOf } from '../../../src/engine/search';
import { acc, withSearchLayout } from '../../accelerator-paths';
import { modelContents } from '../../factories/models';

function prepared(emb: Embeddings, staged: boolean, lane: number, shared?: ReturnType<typeof prepareSharedSearch>) {
  return withSearchLayout({ staged, stageRows: 5 }, () => {
    const p = shared ?? prepareSharedSearch(emb.data, emb.size, emb.dim, emb.ensemble?.seeds ?? 1, 2);
    return { p, emb: preparedEmbeddings([...emb.words], emb.dim, emb.data, p, emb.ensemble, undefined, lane) };
  });
}

test('staged search: one seed and three, both lanes, the same answers and int8 copy as the in-memory layout', () => {
  setAccelerator(acc);
  try {
    for (const seeds of [1, 3]) {
      const source = modelEmbeddings(modelContents(1200, 24, seeds, 40 + seeds));
      const whole = prepared(source, false, 0).emb;
      const host = prepared(source, true, 0);
      const worker = prepared(source, true, 1, host.p); // the query worker's lane of the same memory
      assert.equal(searchLayoutOf(whole), 'in-memory');
      assert.equal(searchLayoutOf(host.emb), 'staged');
      assert.equal(searchLayoutOf(worker.emb), 'staged');
      assert.ok(host.p.unit.buffer instanceof SharedArrayBuffer && (host.p.unit.buffer as ArrayBufferLike) !== host.p.memory?.buffer, 'the unit matrix is outside the search memory');
      const layout = host.p.layout!;
      assert.ok(layout.stage! > 0 && layout['stage@1']! > 0 && layout.stage !== layout['stage@1'], 'each lane stages its candidates in its own area');
      const a = quantizedCopy(whole)!;
      const b = quantizedCopy(host.emb)!;
      assert.deepEqual(Buffer.from(b.q8.buffer, b.q8.byteOffset, b.q8.byteLength).equals(Buffer.from(a.q8.buffer, a.q8.byteOffset, a.q8.byteLength)), true, 'int8 copy');
      assert.deepEqual([...b.meta], [...a.meta], 'int8 scales and bounds');
      for (const id of [0, 1, 7, 599, 1199]) {
        const w = source.words[id]!;
        for (const emb of [host.emb, worker.emb]) {
          assert.deepEqual(nearest(emb, w, 10), nearest(whole, w, 10), `${seeds} seed(s): neighbours of ${w}`);
          assert.deepEqual(nearest(emb, w, 120), nearest(whole, w, 120), `${seeds} seed(s): 120 neighbours of ${w} (many staging chunks)`);
          if (seeds > 1) assert.deepEqual(agreedNeighbours(emb, w, 10), agreedNeighbours(whole, w, 10), `${seeds} seeds: agreement of ${w}`);
          assert.ok((lastCandidateCount(emb) ?? 0) > 0, 'answered by search.wasm, not core\'s JS loops');
        }
      }
      const v = source.vector(source.words[3]!);
      assert.deepEqual(nearestToVector(worker.emb, v, 12, new Set([3, 4])), nearestToVector(whole, v, 12, new Set([3, 4])), 'nearest to a vector, with exclusions');
    }
  } finally {
    setAccelerator(undefined);
  }
});
