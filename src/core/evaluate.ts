import { cosineRows, COSMUL_EPSILON, topK } from './query';
import { getAccelerator, type CosineRowSession, type Embeddings } from './vectors';

export interface Totals {
  correct: number;
  answered: number; // questions with all four words in vocabulary
  skipped: number; // questions with an out-of-vocabulary word
  accuracy: number; // correct / answered, 0 when nothing was answered
}

export interface AnalogyFailure {
  question: [string, string, string, string];
  answer: string | undefined;
}

export interface AnalogySection {
  name: string;
  correct: number;
  answered: number;
  skipped: number;
  failures?: AnalogyFailure[];
}

export interface AnalogyReport {
  sections: AnalogySection[];
  semantic: Totals;
  syntactic: Totals;
  all: Totals;
  invalidLines: number;
  /** with keepOutcomes: for each answered question, its index among the file's questions and whether it was right */
  outcomes?: { question: number; correct: boolean }[];
}

export interface AnalogyOptions {
  restrictVocab?: number; // 300000
  method?: 'add' | 'mul';
  caseInsensitive?: boolean; // true
  keepFailures?: number; // per section
  /** Name for questions before any ": section" line (e.g. the MSR file has none). */
  defaultSection?: string;
  /** report every answered question's outcome (for intervals over questions) */
  keepOutcomes?: boolean;
}

/** Word -> id over the first `restrict` words; case-folded, the most frequent original wins (as gensim). */
function okVocab(emb: Embeddings, restrict: number, fold: boolean): Map<string, number> {
  const n = Math.min(restrict, emb.size);
  const m = new Map<string, number>();
  for (let i = n - 1; i >= 0; i--) m.set(fold ? emb.words[i].toLowerCase() : emb.words[i], i);
  return m;
}

/**
 * Cosine rows per word, bounded by a byte budget: questions reuse the same few hundred words. With an
 * accelerator (vectors.ts) the rows live in its memory (session) and are computed and ranked there.
 */
class RowCache {
  private readonly rows = new Map<number, Float32Array>();
  readonly max: number;
  readonly session: CosineRowSession | undefined;
  constructor(private readonly emb: Embeddings, private readonly limit: number, budgetBytes = 256 * 1024 * 1024) {
    // Never more rows than words: a small model needs no 256 MB budget (nor an accelerator session that big).
    this.max = Math.max(24, Math.min(limit, Math.floor(budgetBytes / (4 * Math.max(1, limit)))));
    this.session = getAccelerator()?.rowSession?.(emb, limit, this.max);
  }
  has(id: number): boolean {
    return this.rows.has(id);
  }
  /** Computes the missing rows in one sweep of the matrix. */
  fill(ids: number[]): void {
    const missing = [...new Set(ids)].filter((id) => !this.rows.has(id)).slice(0, this.max);
    // Evict the least recently used first, so the session never holds more than max rows.
    while (this.rows.size > 0 && this.rows.size + missing.length > this.max) {
      const old = this.rows.keys().next().value as number;
      this.session?.release(this.rows.get(old) as Float32Array);
      this.rows.delete(old);
    }
    const rows = this.session ? this.session.rows(missing) : cosineRows(this.emb, missing, this.limit);
    for (let i = 0; i < missing.length; i++) this.rows.set(missing[i], rows[i]);
  }
  get(id: number): Float32Array {
    let r = this.rows.get(id);
    if (r) {
      this.rows.delete(id);
      this.rows.set(id, r);
      return r;
    }
    this.fill([id]);
    r = this.rows.get(id) as Float32Array;
    return r;
  }
}

function totals(sections: AnalogySection[]): Totals {
  let correct = 0, answered = 0, skipped = 0;
  for (const s of sections) {
    correct += s.correct;
    answered += s.answered;
    skipped += s.skipped;
  }
  return { correct, answered, skipped, accuracy: answered ? correct / answered : 0 };
}

/**
 * gensim 4 KeyedVectors.evaluate_word_analogies: vocabulary restricted to the most frequent restrictVocab words,
 * questions with an OOV word skipped and counted, the answer is the best of the top 5 candidates that is not a
 * question word (compared case-folded). Sections named gram* are syntactic, the others semantic.
 */
export function evaluateAnalogies(emb: Embeddings, fileText: string, opts: AnalogyOptions = {}): AnalogyReport {
  const fold = opts.caseInsensitive !== false;
  const limit = Math.min(opts.restrictVocab ?? 300000, emb.size);
  const vocab = okVocab(emb, limit, fold);
  const keepFailures = opts.keepFailures ?? 0;
  const cache = new RowCache(emb, limit);
  const scores = new Float32Array(limit);
  const sections: AnalogySection[] = [];
  let section: AnalogySection | undefined;
  let invalidLines = 0;

  interface Question { section: AnalogySection; q: [string, string, string, string]; ids: number[]; index: number }
  const questions: Question[] = [];
  const outcomes: { question: number; correct: boolean }[] | undefined = opts.keepOutcomes ? [] : undefined;
  let questionIndex = 0;
  for (const raw of fileText.split('\n')) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line.startsWith(':')) {
      section = { name: line.slice(1).trim(), correct: 0, answered: 0, skipped: 0 };
      if (keepFailures > 0) section.failures = [];
      sections.push(section);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 4) {
      invalidLines++;
      continue;
    }
    if (!section) {
      section = { name: opts.defaultSection ?? 'questions', correct: 0, answered: 0, skipped: 0 };
      if (keepFailures > 0) section.failures = [];
      sections.push(section);
    }
    const q = (fold ? parts.map((p) => p.toLowerCase()) : parts) as [string, string, string, string];
    const ids = q.map((w) => vocab.get(w));
    const index = questionIndex++;
    if (ids.some((id) => id === undefined)) section.skipped++;
    else questions.push({ section, q, ids: ids as number[], index });
  }

  const LOOKAHEAD = 16;
  for (let n = 0; n < questions.length; n++) {
    const { section: sec, q, ids } = questions[n];
    const [ia, ib, ic] = ids;
    if (!cache.has(ia) || !cache.has(ib) || !cache.has(ic)) {
      // Batch the words the next questions will need, so one matrix sweep serves many rows.
      const want: number[] = [];
      for (let m = n; m < questions.length && want.length < LOOKAHEAD; m++) {
        for (let t = 0; t < 3; t++) {
          const id = questions[m].ids[t];
          if (!cache.has(id) && !want.includes(id)) want.push(id);
        }
      }
      cache.fill(want.slice(0, Math.min(want.length, cache.max - 3)));
    }
    // get() makes each row the most recently used, so fetching cb or cc (max >= 24) never evicts ca.
    const ca = cache.get(ia), cb = cache.get(ib), cc = cache.get(ic);
    // The accelerator ranks the very float32 scores the loops below compute (test/unit/engine/search-*.test.ts).
    let top = cache.session?.top(opts.method === 'mul' ? 'mul' : 'add', ca, cb, cc, 5, [ia, ib, ic], COSMUL_EPSILON);
    if (!top) {
      if (opts.method === 'mul') {
        for (let i = 0; i < limit; i++) scores[i] = (((cb[i] + 1) / 2) * ((cc[i] + 1) / 2)) / ((ca[i] + 1) / 2 + COSMUL_EPSILON);
      } else {
        // Same ranking as the cosine with unit(b - a + c): that is (cb - ca + cc) / |b - a + c|.
        for (let i = 0; i < limit; i++) scores[i] = cb[i] - ca[i] + cc[i];
      }
      top = topK(scores, 5, new Set([ia, ib, ic]));
    }
    const ignore = new Set([q[0], q[1], q[2]]);
    let answer: string | undefined;
    for (const i of top) {
      answer = fold ? emb.words[i].toLowerCase() : emb.words[i];
      if (vocab.has(answer) && !ignore.has(answer)) break;
    }
    sec.answered++;
    outcomes?.push({ question: questions[n].index, correct: answer === q[3] });
    if (answer === q[3]) sec.correct++;
    else if (sec.failures && sec.failures.length < keepFailures) sec.failures.push({ question: q, answer });
  }
  const syntactic = sections.filter((s) => s.name.startsWith('gram'));
  const semantic = sections.filter((s) => !s.name.startsWith('gram'));
  return { sections, semantic: totals(semantic), syntactic: totals(syntactic), all: totals(sections), invalidLines, ...(outcomes ? { outcomes } : {}) };
}

/** Ranks starting at 1; tied values get the average of their ranks. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]] = r;
    i = j + 1;
  }
  return ranks;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: lengths differ (${n} vs ${y.length})`);
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Undefined for a constant series, as scipy (NaN).
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman's rho = Pearson on average ranks (scipy.stats.spearmanr). NaN for fewer than 2 items or no variance. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`spearman: lengths differ (${x.length} vs ${y.length})`);
  return pearson(averageRanks(x), averageRanks(y));
}

export interface SimilarityReport {
  spearman: number;
  pearson: number;
  pairs: number; // valid pairs in the file
  found: number; // pairs with both words in vocabulary
  coverage: number; // found / pairs
  invalidLines: number;
  /** with keepItems: each found pair's index among the file's pairs, its gold score and the model's cosine */
  items?: { pair: number; gold: number; model: number }[];
}

/**
 * gensim 4 evaluate_word_pairs: "word word score" lines (tab or spaces, CRLF ok, '#' comments),
 * case-folded lookup in the most frequent restrictVocab words, OOV pairs skipped.
 */
export function evaluateSimilarity(
  emb: Embeddings, fileText: string, opts: { restrictVocab?: number; caseInsensitive?: boolean; keepItems?: boolean } = {},
): SimilarityReport {
  const items: { pair: number; gold: number; model: number }[] | undefined = opts.keepItems ? [] : undefined;
  const fold = opts.caseInsensitive !== false;
  const vocab = okVocab(emb, opts.restrictVocab ?? 300000, fold);
  const gold: number[] = [];
  const model: number[] = [];
  let pairs = 0;
  let invalidLines = 0;
  const u = emb.unit();
  const d = emb.dim;
  for (const raw of fileText.split('\n')) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const score = parts.length === 3 ? Number(parts[2]) : NaN;
    if (!Number.isFinite(score)) {
      invalidLines++;
      continue;
    }
    pairs++;
    const a = vocab.get(fold ? parts[0].toLowerCase() : parts[0]);
    const b = vocab.get(fold ? parts[1].toLowerCase() : parts[1]);
    if (a === undefined || b === undefined) continue;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += u[a * d + j] * u[b * d + j];
    gold.push(score);
    model.push(dot);
    items?.push({ pair: pairs - 1, gold: score, model: dot });
  }
  return {
    spearman: spearman(gold, model),
    pearson: pearson(gold, model),
    pairs,
    found: gold.length,
    coverage: pairs ? gold.length / pairs : 0,
    invalidLines,
    ...(items ? { items } : {}),
  };
}
