// Fast neighbour queries for src/core with dist/search.wasm (src/engine/kernels/search.ts), node side only.
// installSearchAccelerator() plugs it into core (vectors.ts setAccelerator); core keeps its JS loops for
// everything this declines (and in webviews, where nothing is installed). Answers are identical to the JS
// loops: the float scores bit for bit, the top-k lists element for element (see the proof below).
//
// One WebAssembly instance per model, each with its own memory holding:
//   the unit matrix (Embeddings.unit() lives here: allocUnit, so it is not copied), an int8 copy of it with
//   per-row [scale, error bounds], query scratch, the scan's heap and candidate lists, a batch of output rows.
// The memory is sized once, when the unit matrix is allocated, and never grows afterwards (growing would
// detach the Float32Array that Embeddings holds). A model whose unit matrix and int8 copy do not fit one wasm32
// memory together (4 GiB: 3 M × 300, word2vec's GoogleNews vectors) is laid out *staged*: the unit matrix stays
// in a SharedArrayBuffer of its own, the memory holds the int8 copy and the scratch, and the rows the int8 pass
// keeps are copied into a small staging area of the memory to be rescored there, by the same code as always, so
// the answers are the same bit for bit. Only dots() (whole cosine rows) is declined for those: core's JS loops.
// Beyond that (the int8 copy and scratch alone over 4 GiB, about 11 M × 300) every query runs the JS loops.
// The memory is shared, so a worker can fill it: the load worker normalises and quantises a model there
// (prepareSharedSearch), posts the memory, and the host instantiates the module on it (preparedEmbeddings)
// with no work proportional to the model.
//
// ---- Why the quantised search returns exactly the float top k ------------------------------------------
// Notation: u_r = unit row r (float32 values, exact reals), q = the float64 query (core's unit(v)),
// S_r = the score the JS loop computes: fl32(dotRow(u_r, q)), the ranking key (higher first, ties: lower id).
// Row quantisation (wasm quantize): u_r = s_r·c_r + e_r with c_r ∈ [-127,127]^d integers, s_r a float64
//   (max|u_r| / 127), e_r the (real) residual; stored E_r ≥ ‖e_r‖ and A_r ≥ ‖s_r·c_r‖ (computed in float64
//   and rounded up by ×(1+1e-9) + 1e-15, which exceeds their float64 rounding errors, ~d·2^-53 relative).
// Query quantisation (below): q = t·g + f with g ∈ [-Q,Q]^d integers, t a float64, f the real residual;
//   F ≥ ‖f‖ likewise, and N ≥ ‖q‖.
// Then, exactly:  u_r·q = s_r·t·(c_r·g) + s_r·c_r·f + e_r·q, so by Cauchy–Schwarz
//   |u_r·q − s_r·t·I_r| ≤ A_r·F + E_r·N          where I_r = c_r·g is computed exactly in int32
//   (|I_r| ≤ stride·127·Q ≤ 2^31 − 1 by the choice of Q, so no partial sum overflows).
// The JS score differs from u_r·q by its float64 summation (≤ d·2^-53·‖u_r‖‖q‖ ≤ 1.2e-16·d·N) and the final
// float32 rounding (≤ 2^-24·|u_r·q| ≤ 6e-8·N); approx_r = (s_r·t)·I_r and lo/hi add a few float64 roundings
// (~1e-16 relative). slack = 1e-6·N covers all of these for any d < 10^9. Hence, for every row,
//   lo_r = approx_r − B_r ≤ S_r ≤ approx_r + B_r = hi_r,   B_r = E_r·N + A_r·F + slack.
// Selection (wasm scanSeeds): T = the kk-th largest lo_r over rows < limit, kk = k + |exclude| (T = −∞ if fewer).
//   At least kk rows have S ≥ lo ≥ T, so at least k non-excluded rows have S ≥ T: the k-th best non-excluded
//   score S_(k) ≥ T. Every row r of the true top k has hi_r ≥ S_r ≥ S_(k) ≥ T, so it is a candidate
//   (hi_r ≥ T; ≥ keeps ties). The candidates are rescored exactly (S_r, bit-identical to JS) and ranked by the
//   same total order as query.ts topK; the top k of a superset of the true top k under that order is the
//   true top k. So the result equals topK(JS scores, k, exclude), scores included. ∎
// If the bound is loose the candidate set only grows (at worst to every row: slower, never wrong).
// An ensemble's row is its seeds' segments side by side, each quantised with its own scale: the row's score is
// the sum of the segments' scores, so it lies within the sum of their bounds, and each segment's own bound
// selects that seed's own top k in the same sweep.
import { Embeddings, getAccelerator, setAccelerator, unitRows, type CosineRowSession, type EnsembleLayout, type VectorAccelerator } from '../core/vectors';
import type { WordIndex } from '../core/word-index';
import { align, BATCH, MAX_PAGES, PAGE, searchInstance, searchModule, type SearchExports } from './search-module';
import { RowSession } from './search-rows';


// Rows per quantizeSegments call: V8 runs a wasm call to its end in the code it started in, so one call over
// millions of rows would run in baseline code throughout; short calls reach TurboFan's code after a few.
const QUANTIZE_ROWS = 4096;

/**
 * Tests' hooks: `staged` lays out every model staged (as only those too big for one memory are otherwise), and
 * `stageRows` is how many rows the staging area holds, so that small models cross its chunk boundaries too.
 */
export const searchLayoutHooks = { staged: false, stageRows: 2048 };

/**
 * Where everything of one model's search lives in its memory (byte offsets), and how many pages it takes;
 * undefined when it does not fit in one wasm memory. Staged (layout.staged = 1): no unit matrix, a staging
 * area per lane instead, and output rows for one query's candidates only.
 */
function searchLayout(n: number, d: number, segs: number, lanes = 1, staged = false): { layout: Record<string, number>; pages: number } | undefined {
  if (!(n > 0 && d > 0) || !(segs >= 1 && d % segs === 0) || !(lanes >= 1)) return undefined;
  const stride = align(d / segs, 8);
  const stageRows = Math.max(1, Math.min(n, searchLayoutHooks.stageRows));
  const l: Record<string, number> = { stride, lanes, staged: staged ? 1 : 0, stageRows };
  let p = 1024; // above heapBase (no static data)
  const region = (name: string, bytes: number) => {
    l[name] = p;
    p = align(p + bytes);
  };
  if (!staged) region('unit', n * d * 4);
  region('q8', n * segs * stride);
  region('meta', n * segs * 32);
  // The scratch of a query, once per lane: a thread that queries the same memory as another (the query worker
  // beside the host) uses a lane of its own, so neither overwrites the other's query, heap or output rows.
  for (let lane = 0; lane < lanes; lane++) {
    const at = (name: string) => (lane === 0 ? name : `${name}${LANE_MARK}${lane}`);
    region(at('q'), BATCH * d * 8);
    region(at('qq'), segs * stride * 2);
    // one ranking for the whole rows and, for an ensemble, one per seed, each with its heap and candidates (scanSeeds)
    const lists = segs > 1 ? segs + 1 : 1;
    region(at('lists'), lists * 48);
    region(at('norms'), segs * 8);
    region(at('errs'), segs * 8);
    region(at('slacks'), (segs + 1) * 8);
    for (let i = 0; i < lists; i++) {
      region(at(`heap${i}`), n * 8);
      region(at(`cand${i}`), n * 4);
      region(at(`candHi${i}`), n * 8);
    }
    region(at('out'), (staged ? 1 : BATCH) * n * 4);
    region(at('outs'), BATCH * 4);
    if (staged) {
      region(at('stage'), stageRows * d * 4);
      region(at('stageIds'), stageRows * 4);
    }
  }
  const pages = Math.ceil(p / PAGE) + 1;
  return pages > MAX_PAGES ? undefined : { layout: l, pages };
}

const LANE_MARK = '@';

/** The layout as lane `lane` sees it: its own scratch under the names lane 0 uses. */
function laneView(layout: Record<string, number>, lane: number): Record<string, number> {
  if (lane === 0) return layout;
  if (!(lane < (layout.lanes ?? 1))) throw new Error(`search memory: no lane ${lane} (it has ${layout.lanes ?? 1})`);
  const view: Record<string, number> = { ...layout };
  const suffix = `${LANE_MARK}${lane}`;
  for (const [key, at] of Object.entries(layout)) if (key.endsWith(suffix)) view[key.slice(0, -suffix.length)] = at;
  return view;
}

/** One model's instance and memory layout. For an ensemble of `segs` seeds every row is quantised per seed. */
class ModelSearch {
  readonly stride: number; // int8 bytes of one row (or, for an ensemble, of one seed's segment): a multiple of 8
  readonly unit: Float32Array; // the unit matrix: in wasm memory, or (staged) in a SharedArrayBuffer of its own
  readonly staged: boolean;
  source: Float32Array; // what emb.unit() returns (unit itself, or the plain array it was copied from)
  quantized = false;
  lastCandidates = 0;
  private readonly x: SearchExports;
  private readonly memory: WebAssembly.Memory;
  private readonly unitPtr: number;
  private readonly q8Ptr: number;
  private readonly metaPtr: number;
  private readonly qPtr: number;
  private readonly qqPtr: number;
  private readonly outPtr: number;
  private readonly outsPtr: number;
  private readonly l: Record<string, number>;

  private constructor(readonly n: number, readonly d: number, readonly segs: number, memory: WebAssembly.Memory, x: SearchExports,
    layout: Record<string, number>, private readonly whole: Record<string, number>, external: Float32Array | undefined) {
    this.l = layout;
    this.staged = layout.staged === 1;
    this.memory = memory;
    this.x = x;
    this.stride = layout.stride;
    this.unitPtr = layout.unit;
    this.q8Ptr = layout.q8;
    this.metaPtr = layout.meta;
    this.qPtr = layout.q;
    this.qqPtr = layout.qq;
    this.outPtr = layout.out;
    this.outsPtr = layout.outs;
    if (this.staged && !(external && external.length === n * d)) throw new Error(`search memory: a staged ${n} × ${d} model needs its unit matrix`);
    this.unit = this.staged ? external! : new Float32Array(memory.buffer, this.unitPtr, n * d);
    this.source = this.unit;
  }

  /**
   * The unit matrix in the memory when both fit, else staged, its unit matrix `unit` if given (it must not change
   * afterwards) or a new SharedArrayBuffer. Undefined when not even the int8 copy fits one wasm memory (or the
   * memory cannot be had): JS then.
   */
  static create(n: number, d: number, segs = 1, lanes = 1, unit?: Float32Array): ModelSearch | undefined {
    const whole = searchLayoutHooks.staged ? undefined : searchLayout(n, d, segs, lanes);
    const planned = whole ?? searchLayout(n, d, segs, lanes, true);
    if (!planned) return undefined;
    let memory: WebAssembly.Memory;
    let external: Float32Array | undefined;
    try {
      memory = new WebAssembly.Memory({ initial: planned.pages, maximum: planned.pages, shared: true });
      if (!whole) external = unit?.length === n * d ? unit : new Float32Array(new SharedArrayBuffer(n * d * 4));
    } catch {
      return undefined; // out of memory: the JS loops still work
    }
    return ModelSearch.on(memory, n, d, segs, planned.layout, 0, external);
  }

  /**
   * An instance on a memory laid out (and perhaps filled, by a worker) already, querying through `lane`; `unit`:
   * a staged layout's unit matrix.
   */
  static on(memory: WebAssembly.Memory, n: number, d: number, segs: number, layout: Record<string, number>, lane = 0, unit?: Float32Array): ModelSearch {
    const x = searchInstance(memory);
    if (x.heapBase() > 1024) throw new Error('search.wasm: unexpected static data');
    return new ModelSearch(n, d, segs, memory, x, laneView(layout, lane), layout, unit);
  }

  quantizedViews(): { q8: Int8Array; meta: Float64Array } {
    const rows = this.n * this.segs;
    return { q8: new Int8Array(this.memory.buffer, this.q8Ptr, rows * this.stride), meta: new Float64Array(this.memory.buffer, this.metaPtr, rows * 4) };
  }

  get memoryObject(): WebAssembly.Memory {
    return this.memory;
  }

  /** The whole layout, every lane's scratch included, to hand to another thread. */
  get layoutTable(): Record<string, number> {
    return this.whole;
  }

  /** Quantises the unit matrix (once; the unit matrix never changes after Embeddings.unit() filled it). */
  prepare(): void {
    if (this.quantized) return;
    const { n, d, segs, l } = this;
    // Each row is quantised on its own, so chunks give the same bytes; staged, each chunk is copied in first.
    const rows = this.staged ? l.stageRows! : QUANTIZE_ROWS;
    const stage = this.staged ? new Float32Array(this.memory.buffer, l.stage, rows * d) : undefined;
    for (let r0 = 0; r0 < n; r0 += rows) {
      const m = Math.min(rows, n - r0);
      stage?.set(this.unit.subarray(r0 * d, (r0 + m) * d));
      const from = stage ? l.stage! : this.unitPtr + r0 * d * 4;
      this.x.quantizeSegments(from, m, d, segs, this.q8Ptr + r0 * segs * this.stride, this.stride, this.metaPtr + r0 * segs * 32);
    }
    this.quantized = true;
  }

  /** Undefined when staged: whole cosine rows are core's JS loops then. */
  dots(qs: readonly Float64Array[], limit: number): Float32Array[] | undefined {
    if (this.staged) return undefined;
    const { d } = this;
    const n = Math.min(limit, this.n);
    const outs: Float32Array[] = [];
    const q = new Float64Array(this.memory.buffer, this.qPtr, BATCH * d);
    for (let b0 = 0; b0 < qs.length; b0 += BATCH) {
      const nb = Math.min(BATCH, qs.length - b0);
      for (let b = 0; b < nb; b++) q.set(qs[b0 + b].subarray(0, d), b * d);
      const ptrs = new Int32Array(this.memory.buffer, this.outsPtr, BATCH);
      for (let b = 0; b < nb; b++) ptrs[b] = this.outPtr + b * n * 4;
      this.x.dots(this.unitPtr, d, n, this.qPtr, nb, this.outsPtr);
      for (let b = 0; b < nb; b++) outs.push(new Float32Array(this.memory.buffer, this.outPtr + b * n * 4, n).slice());
    }
    return outs;
  }

  nearest(query: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number): { ids: number[]; scores: number[] } | undefined {
    return this.ensembleScan(query, k, exclude, limit, false)?.[0];
  }

  /** Each seed's own top k (segment scores, see core/ensemble.ts segmentScores). Ensembles only. */
  nearestPerSeed(query: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number) {
    if (this.segs < 2) return undefined;
    const lists = this.ensembleScan(query, k, exclude, limit, true);
    return lists && { ensemble: lists[0]!, seeds: lists.slice(1) };
  }

  /**
   * One int8 sweep: the top k of the whole rows (list 0) and, for an ensemble with perSeed, every seed's
   * (lists 1..), each candidate list then rescored exactly as the JS loops score it.
   */
  private ensembleScan(query: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number, perSeed: boolean) {
    const { d, stride, segs, l } = this;
    const segDim = d / segs;
    const n = Math.min(limit, this.n);
    const kk = Math.min(k + (exclude?.size ?? 0), n);
    if (!(n > 0) || kk * 8 >= n) return undefined;
    let ss = 0;
    let maxAbs = 0;
    for (let j = 0; j < d; j++) {
      const v = query[j];
      ss += v * v;
      const a = Math.abs(v);
      if (a > maxAbs) maxAbs = a;
    }
    if (!Number.isFinite(ss) || !(maxAbs > 0)) return undefined;
    this.prepare();
    // One scale t for every segment; Q bounds each segment's int32 sum by stride·127·Q < 2^31.
    const Q = Math.min(32767, Math.floor(2147483647 / (127 * stride)));
    const t = maxAbs / Q;
    const qq = new Int16Array(this.memory.buffer, this.qqPtr, segs * stride);
    qq.fill(0);
    const norms = new Float64Array(this.memory.buffer, l.norms, segs);
    const errs = new Float64Array(this.memory.buffer, l.errs, segs);
    const slacks = new Float64Array(this.memory.buffer, l.slacks, segs + 1);
    for (let sg = 0; sg < segs; sg++) {
      let qs = 0;
      let ff = 0;
      for (let j = 0; j < segDim; j++) {
        const v = query[sg * segDim + j];
        const g = Math.max(-Q, Math.min(Q, Math.round(v / t)));
        qq[sg * stride + j] = g;
        const f = v - t * g;
        qs += v * v;
        ff += f * f;
      }
      const N = Math.sqrt(qs) * (1 + 1e-9);
      norms[sg] = N;
      errs[sg] = Math.sqrt(ff) * (1 + 1e-9) + 1e-15 * N;
      slacks[sg + 1] = 1e-6 * N;
    }
    slacks[0] = 1e-6 * Math.sqrt(ss) * (1 + 1e-9);
    new Float64Array(this.memory.buffer, this.qPtr, d).set(query.subarray(0, d));
    const lists = perSeed ? segs + 1 : 1;
    const desc = new DataView(this.memory.buffer, l.lists, lists * 48);
    for (let i = 0; i < lists; i++) {
      desc.setInt32(i * 48, l[`heap${i}`], true);
      desc.setInt32(i * 48 + 4, l[`cand${i}`], true);
      desc.setInt32(i * 48 + 8, l[`candHi${i}`], true);
      desc.setInt32(i * 48 + 12, 0, true);
      desc.setInt32(i * 48 + 16, 0, true);
      desc.setInt32(i * 48 + 20, kk, true);
      desc.setFloat64(i * 48 + 24, -Infinity, true);
    }
    this.x.scanSeeds(this.q8Ptr, segs, stride, this.metaPtr, n, this.qqPtr, t, l.norms, l.errs, l.slacks, perSeed ? 1 : 0, l.lists);
    const out: { ids: number[]; scores: number[] }[] = [];
    for (let i = 0; i < lists; i++) {
      const m = desc.getInt32(i * 48 + 16, true);
      if (i === 0) this.lastCandidates = m;
      this.rescore(l[`cand${i}`], m, i === 0 ? undefined : (i - 1) * segDim);
      const ids = new Int32Array(this.memory.buffer, l[`cand${i}`], m);
      const scores = new Float32Array(this.memory.buffer, this.outPtr, m);
      const order: number[] = [];
      for (let c = 0; c < m; c++) if (!exclude?.has(ids[c])) order.push(c);
      order.sort((a, b) => scores[b] - scores[a] || a - b);
      const top = order.slice(0, k);
      out.push({ ids: top.map((c) => ids[c]), scores: top.map((c) => scores[c]) });
    }
    return out;
  }

  /**
   * out[c] = the exact score of candidate ids[c] (c < m): of the whole row, or of the segment at column `segment`
   * (segDim floats). Staged: the candidates' rows are copied to the staging area, a chunk at a time, and scored
   * there as rows 0, 1, … of it.
   */
  private rescore(idsPtr: number, m: number, segment: number | undefined): void {
    const { d, l } = this;
    const segDim = d / this.segs;
    const score = (unitPtr: number, ids: number, count: number, out: number) => {
      if (segment === undefined) this.x.rescore(unitPtr, d, this.qPtr, ids, count, out);
      else this.x.rescoreSegment(unitPtr, d, segment, segDim, this.qPtr + segment * 8, ids, count, out);
    };
    if (!this.staged) { score(this.unitPtr, idsPtr, m, this.outPtr); return; }
    const rows = l.stageRows!;
    const ids = new Int32Array(this.memory.buffer, idsPtr, m);
    const stage = new Float32Array(this.memory.buffer, l.stage, rows * d);
    const stageIds = new Int32Array(this.memory.buffer, l.stageIds, rows);
    for (let c = 0; c < rows; c++) stageIds[c] = c;
    for (let c0 = 0; c0 < m; c0 += rows) {
      const count = Math.min(rows, m - c0);
      for (let c = 0; c < count; c++) {
        const r = ids[c0 + c]!;
        stage.set(this.unit.subarray(r * d, r * d + d), c * d);
      }
      score(l.stage!, l.stageIds!, count, this.outPtr + c0 * 4);
    }
  }
}

const states = new WeakMap<Embeddings, ModelSearch | null>();

/** The instance for emb (created, and the unit matrix copied in, if emb.unit() was made without us). */
function stateFor(emb: Embeddings): ModelSearch | undefined {
  const unit = emb.unit(); // allocates through allocUnit the first time
  let s = states.get(emb);
  if (s === null) return undefined;
  if (s && s.source === unit) return s;
  s = ModelSearch.create(emb.size, emb.dim, emb.ensemble?.seeds ?? 1, 1, unit);
  if (!s) {
    states.set(emb, null);
    return undefined;
  }
  if (s.unit !== unit) s.unit.set(unit);
  s.source = unit;
  states.set(emb, s);
  return s;
}

class SearchAccelerator implements VectorAccelerator {
  allocUnit(emb: Embeddings, length: number): Float32Array | undefined {
    if (length !== emb.size * emb.dim) return undefined;
    const s = ModelSearch.create(emb.size, emb.dim, emb.ensemble?.seeds ?? 1);
    states.set(emb, s ?? null);
    return s?.unit;
  }

  dots(emb: Embeddings, qs: readonly Float64Array[], limit: number): Float32Array[] | undefined {
    if (!qs.length || qs.some((q) => q.length < emb.dim)) return undefined;
    return stateFor(emb)?.dots(qs, limit);
  }

  nearest(emb: Embeddings, q: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number) {
    if (!Number.isInteger(k) || k < 1 || q.length < emb.dim) return undefined;
    return stateFor(emb)?.nearest(q, k, exclude, limit);
  }

  nearestPerSeed(emb: Embeddings, q: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number) {
    if (!Number.isInteger(k) || k < 1 || q.length < emb.dim || !emb.ensemble) return undefined;
    return stateFor(emb)?.nearestPerSeed(q, k, exclude, limit);
  }

  rowSession(emb: Embeddings, limit: number, capacity: number): CosineRowSession | undefined {
    return RowSession.create(emb, limit, capacity);
  }
}

let installed: SearchAccelerator | undefined;

/** A new accelerator (tests and benchmarks switch between it and none with core's setAccelerator). */
export function createSearchAccelerator(): VectorAccelerator {
  searchModule(); // fail here, not on the first query, when dist/search.wasm is missing
  return new SearchAccelerator();
}

/**
 * Makes every query in this process use dist/search.wasm. Idempotent. Returns false (and leaves core on its JS
 * loops) when the module cannot be loaded.
 */
export function installSearchAccelerator(): boolean {
  if (installed && getAccelerator() === installed) return true;
  try {
    searchModule();
  } catch {
    return false;
  }
  installed ??= new SearchAccelerator();
  setAccelerator(installed);
  return true;
}

/** Does the one-off work of a model's first query now (unit matrix + int8 copy), e.g. right after loading. */
export function prepareSearch(emb: Embeddings): void {
  if (!getAccelerator()) return;
  stateFor(emb)?.prepare();
}

/**
 * A model's unit matrix, normalised (core's unitRows) and, when its int8 copy fits one wasm memory, quantised,
 * off the host's thread: `memory` (shared) holds the int8 copy and the scratch as ModelSearch lays them out, and
 * the unit matrix at layout.unit, or, staged (layout.staged = 1), `unit` is a SharedArrayBuffer of its own;
 * without `memory`, `unit` is a plain SharedArrayBuffer and queries run core's JS loops. Either way the host
 * wraps it as it is (preparedEmbeddings).
 */
export interface PreparedSearch {
  n: number;
  d: number;
  segs: number;
  unit: Float32Array;
  memory?: WebAssembly.Memory;
  layout?: Record<string, number>;
}

/** In a worker: the unit matrix of data (n × d, `segs` seeds side by side) and its int8 copy, in shared memory. */
/** `lanes`: 2 when a query worker will search this memory beside the host (see searchLayout). */
export function prepareSharedSearch(data: Float32Array, n: number, d: number, segs: number, lanes = 1): PreparedSearch {
  const s = ModelSearch.create(n, d, segs, lanes); // staged, its unit matrix a SharedArrayBuffer, if need be
  if (!s) {
    const unit = new Float32Array(new SharedArrayBuffer(n * d * 4));
    unitRows(data, d, 0, n, unit);
    return { n, d, segs, unit };
  }
  unitRows(data, d, 0, n, s.unit);
  s.prepare();
  // Two queries here: V8 runs a wasm function in baseline code until it has run a while, so without them the
  // host's first query over a million rows would be the one to run slowly (see useSearchModule).
  const q = new Float64Array(d);
  for (let j = 0; j < d; j++) q[j] = s.unit[j]!;
  for (let i = 0; i < 2; i++) {
    if (segs > 1) s.nearestPerSeed(q, 10, undefined, n);
    else s.nearest(q, 10, undefined, n);
  }
  return { n, d, segs, unit: s.unit, memory: s.memoryObject, layout: s.layoutTable };
}

/** The Embeddings of a model whose search a worker prepared; nothing here is proportional to the model. */
export function preparedEmbeddings(words: readonly string[], dim: number, data: Float32Array, prepared: PreparedSearch,
  ensemble?: EnsembleLayout, index?: WordIndex, lane = 0): Embeddings {
  if (prepared.n !== words.length || prepared.d !== dim || prepared.segs !== (ensemble?.seeds ?? 1)) {
    throw new Error(`prepared search of ${prepared.n} × ${prepared.d} (${prepared.segs} segments) for a model of ${words.length} × ${dim}`);
  }
  let unit = prepared.unit;
  let state: ModelSearch | null = null;
  if (prepared.memory && prepared.layout && getAccelerator() instanceof SearchAccelerator) {
    state = ModelSearch.on(prepared.memory, prepared.n, prepared.d, prepared.segs, prepared.layout, lane, prepared.unit);
    state.quantized = true;
    unit = state.unit;
  }
  const emb = new Embeddings(words, dim, data, ensemble, index, unit);
  if (state) {
    state.source = unit;
    states.set(emb, state);
  } else if (getAccelerator() instanceof SearchAccelerator) {
    states.set(emb, null); // it did not fit one wasm memory in the worker: the JS loops, not a copy here
  }
  return emb;
}

/** The int8 copy of emb's unit matrix and its per-row scales and bounds, if quantised (views; for tests). */
export function quantizedCopy(emb: Embeddings): { q8: Int8Array; meta: Float64Array } | undefined {
  const s = states.get(emb);
  return s?.quantized ? s.quantizedViews() : undefined;
}

/** Where emb's unit matrix is searched from, if search.wasm searches it (for tests and benchmarks). */
export function searchLayoutOf(emb: Embeddings): 'in-memory' | 'staged' | undefined {
  const s = states.get(emb);
  return s ? (s.staged ? 'staged' : 'in-memory') : undefined;
}

/** How many rows the last quantised query of emb rescored exactly (for benchmarks). */
export function lastCandidateCount(emb: Embeddings): number | undefined {
  return states.get(emb)?.lastCandidates;
}
