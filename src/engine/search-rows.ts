// The other two uses of dist/search.wasm, each with a memory of its own beside a model's search (search.ts):
// cosine rows for analogy evaluation (RowSession) and raw dot products for the held-out score (matrixScorer).
import { matrixDots } from '../core/compare/held-out';
import type { CosineRowSession, Embeddings } from '../core/vectors';
import { align, BATCH, MAX_PAGES, PAGE, searchInstance, type SearchExports } from './search-module';

/**
 * Cosine rows for analogy evaluation (core evaluate.ts RowCache): a separate instance whose memory holds a copy
 * of the unit rows < limit, `capacity` row slots and scratch, sized once (never grown: the rows handed out are
 * views of it). The copy costs one memcpy; it keeps the model's own memory fixed while rows come and go.
 */
export class RowSession implements CosineRowSession {
  private static readonly MAX_K = 64;
  private readonly x: SearchExports;
  private readonly memory: WebAssembly.Memory;
  private readonly free: number[] = [];
  private readonly l: Record<string, number> = {};
  private readonly rowBytes: number;

  private constructor(private readonly n: number, private readonly d: number, readonly capacity: number, unit: Float32Array) {
    this.rowBytes = n * 4;
    let p = 1024;
    const region = (name: string, bytes: number) => {
      this.l[name] = p;
      p = align(p + bytes);
    };
    region('unit', n * d * 4);
    region('q', BATCH * d * 8);
    region('outs', BATCH * 4);
    region('ids', RowSession.MAX_K * 4);
    region('scores', RowSession.MAX_K * 4);
    region('slots', capacity * this.rowBytes);
    const pages = Math.ceil(p / PAGE) + 1;
    if (pages > MAX_PAGES) throw new RangeError('too large');
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.x = searchInstance(this.memory);
    new Float32Array(this.memory.buffer, this.l.unit, n * d).set(unit.subarray(0, n * d));
    for (let s = capacity - 1; s >= 0; s--) this.free.push(s);
  }

  static create(emb: Embeddings, limit: number, capacity: number): RowSession | undefined {
    const n = Math.min(limit, emb.size);
    if (!(n > 0 && emb.dim > 0 && capacity > 0)) return undefined;
    try {
      return new RowSession(n, emb.dim, capacity, emb.unit());
    } catch {
      return undefined; // too big for one wasm memory, or no memory: the JS loops
    }
  }

  rows(ids: readonly number[]): Float32Array[] {
    if (ids.length > this.free.length) throw new Error(`row session: ${ids.length} rows asked, ${this.free.length} free`);
    const { n, d } = this;
    const unit = new Float32Array(this.memory.buffer, this.l.unit, n * d);
    const out: Float32Array[] = [];
    for (let b0 = 0; b0 < ids.length; b0 += BATCH) {
      const nb = Math.min(BATCH, ids.length - b0);
      const q = new Float64Array(this.memory.buffer, this.l.q, BATCH * d);
      const outs = new Int32Array(this.memory.buffer, this.l.outs, BATCH);
      for (let b = 0; b < nb; b++) {
        const id = ids[b0 + b];
        // The query is the unit row itself (as query.ts cosineRows); only rows < limit were copied.
        if (!(id >= 0 && id < n)) throw new RangeError(`row session: id ${id} outside 0..${n - 1}`);
        for (let j = 0; j < d; j++) q[b * d + j] = unit[id * d + j];
        outs[b] = this.l.slots + (this.free.pop() as number) * this.rowBytes;
      }
      this.x.dots(this.l.unit, d, n, this.l.q, nb, this.l.outs);
      for (let b = 0; b < nb; b++) out.push(new Float32Array(this.memory.buffer, outs[b], n));
    }
    return out;
  }

  private slot(row: Float32Array): number {
    if (row.buffer !== this.memory.buffer || row.length !== this.n) return -1;
    const s = (row.byteOffset - this.l.slots) / this.rowBytes;
    return Number.isInteger(s) && s >= 0 && s < this.capacity ? s : -1;
  }

  release(row: Float32Array): void {
    const s = this.slot(row);
    if (s >= 0) this.free.push(s);
  }

  top(method: 'add' | 'mul', ca: Float32Array, cb: Float32Array, cc: Float32Array, k: number, exclude: readonly number[], epsilon: number): number[] | undefined {
    if (!Number.isInteger(k) || k < 0 || k > RowSession.MAX_K || exclude.length > 3) return undefined;
    if (this.slot(ca) < 0 || this.slot(cb) < 0 || this.slot(cc) < 0) return undefined;
    const ex = [...exclude, -1, -1, -1];
    const m = this.x.combineTop(method === 'mul' ? 1 : 0, ca.byteOffset, cb.byteOffset, cc.byteOffset, this.n, k, epsilon,
      ex[0], ex[1], ex[2], this.l.ids, this.l.scores);
    const ids = new Int32Array(this.memory.buffer, this.l.ids, m);
    const scores = new Float32Array(this.memory.buffer, this.l.scores, m);
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || ids[a] - ids[b]);
    return order.map((i) => ids[i]);
  }
}

/**
 * Raw dot products of queries with every row of a matrix (rows × dim) in search.wasm, for the held-out score
 * (core/compare/held-out.ts): the matrix is copied into a memory of its own once; each call sweeps it for up to
 * BATCH queries at a time. Falls back to core's JS loop when the module or the memory cannot be had.
 */
export function matrixScorer(matrix: Float32Array, dim: number): (queries: Float64Array[]) => Float32Array[] {
  const rows = matrix.length / dim;
  const d4 = Math.ceil(dim / 4) * 4; // rows padded to whole v128 lanes
  let x: SearchExports | undefined;
  let memory: WebAssembly.Memory | undefined;
  const l: Record<string, number> = {};
  try {
    let p = 1024;
    const region = (name: string, bytes: number) => { l[name] = p; p = align(p + bytes); };
    region('m', rows * d4 * 4);
    region('q', BATCH * d4 * 4);
    region('outs', BATCH * 4);
    region('out', BATCH * rows * 4);
    const pages = Math.ceil(p / PAGE) + 1;
    if (pages <= MAX_PAGES) {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      x = searchInstance(memory);
      const m = new Float32Array(memory.buffer, l.m, rows * d4);
      if (d4 === dim) m.set(matrix);
      else for (let r = 0; r < rows; r++) m.set(matrix.subarray(r * dim, (r + 1) * dim), r * d4);
    }
  } catch {
    x = undefined;
  }
  if (!x || !memory) return matrixDots(matrix, dim);
  const exports = x;
  const mem = memory;
  return (queries) => {
    const out: Float32Array[] = [];
    for (let b0 = 0; b0 < queries.length; b0 += BATCH) {
      const nb = Math.min(BATCH, queries.length - b0);
      const q = new Float32Array(mem.buffer, l.q, BATCH * d4);
      q.fill(0);
      const outs = new Int32Array(mem.buffer, l.outs, BATCH);
      for (let b = 0; b < nb; b++) {
        const src = queries[b0 + b]!;
        for (let j = 0; j < dim; j++) q[b * d4 + j] = src[j]!;
        outs[b] = l.out + b * rows * 4;
      }
      exports.scoreRows(l.m, d4, rows, l.q, nb, l.outs);
      for (let b = 0; b < nb; b++) out.push(new Float32Array(mem.buffer, l.out + b * rows * 4, rows).slice());
    }
    return out;
  };
}
