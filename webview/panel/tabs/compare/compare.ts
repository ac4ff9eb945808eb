// The Compare, Map and Evaluate tabs. All data arrives from the host (which does the heavy work); everything
// from the workspace is rendered with textContent / fillText only.
import {
  LIMITS, type AnalogyFileResult, type ChangedWord, type CompareData, type CompareQualityRow, type CompareWordResult, type EvalFiles,
  type Interval, type MapMethod, type MapScope, type ModelEvalResult, type Neighbour,
} from '../../src/protocol';
import { agreementBadge } from '../shared/agreement';
import { formatDuration as secs } from '../../src/core/format';
import { formatInt, formatSim, h, setText } from '../shared/dom';
import { button, textField } from '../shared/form';
import { Latest } from '../shared/host';
import { lossChart } from './charts';
import { boundsOf, MapCanvas } from './map-canvas';
import type { Tab, TabContext } from './tabs';

type CompareTabContext = TabContext;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function statusLine(): HTMLParagraphElement { return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }); }
function setStatus(status: HTMLElement, text: string, error = false): void {
  setText(status, text);
  status.classList.toggle('error', error);
}
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function select<T extends string>(label: string, options: [T, string][], value: T, onChange: (v: T) => void): { wrap: HTMLElement; get(): T; set(v: T): void } {
  const sel = h('select', { class: 'native-select', 'aria-label': label });
  for (const [v, text] of options) sel.append(h('option', { value: v, text }));
  sel.value = value;
  sel.addEventListener('change', () => onChange(sel.value as T));
  return { wrap: h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), sel), get: () => sel.value as T, set: (v) => { sel.value = v; } };
}

// ---------------------------------------------------------------- the bug, explained
function codeBlock(title: string, lines: string[], highlight: number): HTMLElement {
  const code = h('code', {});
  lines.forEach((l, i) => code.append(h('span', { class: i === highlight ? 'code-line diff-line' : 'code-line', text: l })));
  return h('figure', { class: 'rule' }, h('figcaption', { text: title }), h('pre', {}, code));
}

function bugExplained(data: CompareData | undefined): HTMLElement {
  const common = [
    'h = (1/C) Σ v_c          // mean of the C context vectors',
    'for each target/negative u with label y:',
    '  g = α (y − σ(u·h))',
    '  e += g u;  u += g h',
  ];
  const c = data ? data.meanContextSize : undefined;
  const explain = h('p', { class: 'bug-note' });
  explain.append(
    'The hidden layer is the mean of the context vectors, so the gradient of each context vector is e / C. word2vec.c adds the whole e to every context vector. ',
    c !== undefined
      ? h('strong', { text: `Measured on this corpus: mean C = ${c.toFixed(2)}, so with word2vec's rule context vectors move C≈${c.toFixed(1)}× faster than the gradient says.` })
      : 'Run the comparison to measure the mean C on this workspace.',
  );
  return h('section', { class: 'bug' },
    h('h3', { text: 'The bug, briefly' }),
    h('div', { class: 'rules' },
      codeBlock('word2vec.c CBOW', [...common, 'for each context word c:', '  v_c += e'], 5),
      codeBlock('corrected CBOW (İrsoy et al. 2021)', [...common, 'for each context word c:', '  v_c += e / C'], 5)),
    explain);
}

// ---------------------------------------------------------------- neighbour lists side by side
/** Movement from the first model's list (A) to the second's (B), shown on both lists: ↑n = n places higher in B. */
function rankChange(rankA: number | null, rankB: number | null, side: 'a' | 'b'): { text: string; cls: string; title: string } {
  if (rankB === null) return { text: 'out', cls: 'rank-new', title: 'only in the first model’s list' };
  if (rankA === null) return { text: 'new', cls: 'rank-new', title: 'only in the second model’s list' };
  const other = side === 'a' ? `rank ${rankB} in the second model` : `rank ${rankA} in the first model`;
  const d = rankA - rankB;
  if (d === 0) return { text: '=', cls: 'rank-same', title: `same rank in both models` };
  return d > 0 ? { text: `↑${d}`, cls: 'rank-up', title: other } : { text: `↓${-d}`, cls: 'rank-down', title: other };
}

function sideList(label: string, list: Neighbour[], ranks: (number | null)[], side: 'a' | 'b', onOpen: (w: string) => void, basis: { seeds: number; agreementK: number }): HTMLElement {
  const ul = h('ul', { class: 'neighbours compare-list', 'aria-label': label });
  list.forEach((n, i) => {
    const other = ranks[i] ?? null;
    const ch = side === 'a' ? rankChange(i + 1, other, 'a') : rankChange(other, i + 1, 'b');
    const badge = agreementBadge(n, basis);
    // a neighbour fewer than half of its own rule's seeds agree on merely moved: it is no evidence of a difference
    const unstable = n.agreement !== undefined && n.agreement * 2 < basis.seeds;
    const li = h('li', { class: `${other !== null ? 'row shared' : 'row'}${unstable ? ' unstable' : ''}`, title: unstable ? `'${n.word}' is unstable within this rule (in ${n.agreement} of ${basis.seeds} seeds' lists): not counted as a difference` : `Compare '${n.word}'`, tabindex: 0 },
      h('span', { class: 'rank', text: String(i + 1) }),
      h('span', { class: 'word', text: n.word }),
      h('span', { class: 'sim', text: formatSim(n.similarity) }),
      ...(badge ? [badge] : []),
      h('span', { class: `change ${ch.cls}`, text: ch.text, title: ch.title }));
    li.dataset.word = n.word;
    li.addEventListener('click', () => onOpen(n.word));
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onOpen(n.word); });
    ul.append(li);
  });
  return h('section', { class: 'side' }, h('h4', { text: label }), ul);
}

const iv = (i: Interval | null | undefined, f: (x: number) => string = (x) => x.toFixed(2)) =>
  (i ? `${f(i.mean)} [${Number.isFinite(i.ci95[0]) ? f(i.ci95[0]) : '–'}, ${Number.isFinite(i.ci95[1]) ? f(i.ci95[1]) : '–'}]` : '–');
const points = (x: number) => (x * 100).toFixed(1);
const signedPoints = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

function changedChips(list: ChangedWord[], onOpen: (w: string) => void): HTMLElement {
  const ol = h('ol', { class: 'changed most' });
  for (const w of list) {
    const b = h('button', { type: 'button', class: 'chip', title: `excess change ${iv(w.excess)}: within-rule overlap ${w.withinA.toFixed(2)} / ${w.withinB.toFixed(2)}, between the rules ${w.between.toFixed(2)}` },
      h('span', { class: 'word', text: w.word }), h('span', { class: 'chip-value', text: iv(w.excess) }));
    b.addEventListener('click', () => onOpen(w.word));
    ol.append(h('li', {}, b));
  }
  return ol;
}

function table(head: string[], rows: (string | HTMLElement)[][], cls = ''): HTMLTableElement {
  const t = h('table', { class: `data ${cls}` });
  const thead = h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { text: x }))));
  const tbody = h('tbody', {});
  for (const r of rows) tbody.append(h('tr', {}, ...r.map((c) => (typeof c === 'string' ? h('td', { text: c }) : h('td', {}, c)))));
  t.append(thead, tbody);
  return t;
}

// ---------------------------------------------------------------- evaluation results (shared by Compare → Quality and Evaluate)
function filesLine(files: EvalFiles | undefined): string {
  if (!files || files.source === 'none') return 'No evaluation files: set embeddingLens.eval.analogies / embeddingLens.eval.similarity, or pick files.';
  const parts = [];
  if (files.analogies) parts.push(`analogies: ${files.analogies}`);
  if (files.similarity.length) parts.push(`similarity: ${files.similarity.join(', ')}`);
  return `${parts.join(' · ')} (${files.source === 'picked' ? 'picked' : 'from settings'})`;
}

function evalControls(ctx: TabContext, onFiles: (f: EvalFiles) => void): HTMLElement {
  const pick = (kind: 'analogies' | 'similarity') => async () => {
    try { onFiles(await ctx.host.request({ type: 'eval.pick', kind })); } catch { /* dialog failed: keep files */ }
  };
  return h('div', { class: 'form-row' },
    button('Pick analogy file…', () => void pick('analogies')(), true),
    button('Pick similarity files…', () => void pick('similarity')(), true));
}

function totalsCell(t: { accuracy: number; correct: number; answered: number; coverage: number }): string {
  return t.answered ? `${pct(t.accuracy)} (${formatInt(t.correct)}/${formatInt(t.answered)}, coverage ${pct(t.coverage)})` : `– (coverage ${pct(t.coverage)})`;
}

/** Side-by-side summary of several models: overall analogy accuracy and ρ per file. */
function qualityTable(models: ModelEvalResult[]): HTMLElement {
  const wrap = h('div', { class: 'quality' });
  const a0 = models.find((m) => m.analogies)?.analogies;
  if (a0) {
    const rows: string[][] = [];
    for (const label of ['semantic', 'syntactic', 'all'] as const) rows.push([label, ...models.map((m) => (m.analogies ? totalsCell(m.analogies[label]) : '–'))]);
    for (let i = 0; i < a0.sections.length; i++) {
      rows.push([a0.sections[i].name, ...models.map((m) => {
        const s = m.analogies?.sections[i];
        return s ? totalsCell(s) : '–';
      })]);
    }
    wrap.append(h('h4', { text: `Analogies: ${a0.file}` }), table(['section', ...models.map((m) => m.label)], rows, 'eval-analogies'));
  }
  const sims = models[0]?.similarity ?? [];
  if (sims.length) {
    const rows = sims.map((s, i) => [s.file, ...models.map((m) => {
      const r = m.similarity[i];
      return r ? `ρ ${r.spearman === null ? '–' : r.spearman.toFixed(3)} (coverage ${pct(r.coverage)}, ${r.found}/${r.pairs})` : '–';
    })]);
    wrap.append(h('h4', { text: 'Word similarity (Spearman ρ)' }), table(['file', ...models.map((m) => m.label)], rows, 'eval-similarity'));
  }
  const errors = [...new Set(models.flatMap((m) => m.errors))];
  for (const e of errors) wrap.append(h('p', { class: 'status error', text: e }));
  return wrap;
}

function failures(a: AnalogyFileResult): HTMLElement {
  const wrap = h('div', { class: 'failures' });
  for (const s of a.sections) {
    if (!s.failures.length) continue;
    const d = h('details', {}, h('summary', { text: `${s.name}: ${s.answered - s.correct} failed of ${s.answered} (showing ${s.failures.length})` }));
    d.append(table(['question', 'expected', 'model answered'], s.failures.map((f) => [`${f.question[0]} : ${f.question[1]} :: ${f.question[2]} : ?`, f.question[3], f.answer ?? '–'])));
    wrap.append(d);
  }
  return wrap;
}

/** One evaluation file: each rule's mean over seeds with its interval, and the paired difference, or why not. */
function qualityBlock(q: CompareQualityRow, d: CompareData): HTMLElement {
  const f = q.kind === 'analogies' ? points : (x: number) => x.toFixed(3);
  const fd = q.kind === 'analogies' ? signedPoints : (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(3)}`;
  const what = q.kind === 'analogies' ? 'accuracy %' : 'Spearman ρ';
  const cover = `${formatInt(q.items)} of ${formatInt(q.total)} ${q.kind === 'analogies' ? 'questions' : 'pairs'} covered (${pct(q.coverage)})`;
  if (!q.meaningful) return h('p', { class: 'quality-row', text: `${q.file}: too few ${q.kind === 'analogies' ? 'questions' : 'pairs'} covered for the ${what} to mean anything (${cover}).` });
  return h('div', { class: 'quality-row' }, h('h4', { text: `${q.file}: ${what}, ${cover}` }), table(['rule', `${what} (95 % interval)`],
    [...d.rules.map((r, i) => [r.label, iv(q.perRule[i], f)]), [`${d.rules[1]!.label} − ${d.rules[0]!.label}`, iv(q.difference, fd)]]));
}

// ---------------------------------------------------------------- Compare
export function compareTab(ctx: CompareTabContext): Tab {
  const latest = new Latest();
  const wordLatest = new Latest();
  const status = statusLine();
  const bugSlot = h('div', {}, bugExplained(undefined));
  const empty = h('section', { class: 'compare-empty', hidden: true },
    h('p', { class: 'empty-text', text: 'No comparison yet. It trains word2vec CBOW and corrected CBOW on this workspace with one vocabulary and matched seeds (3 by default: embeddingLens.compare.seeds), and measures the rule’s effect against the noise between seeds.' }),
    button('Run the comparison', () => ctx.host.notify({ type: 'compare.run' })));
  const wordStatus = statusLine();
  const wordResult = h('div', { class: 'compare-word' });
  const whole = h('section', { class: 'whole', hidden: true });
  const verdict = h('section', { class: 'verdict', hidden: true });

  const runWord = async () => {
    const word = w.field.value.trim();
    ctx.save({ compare: { word } });
    if (!word) return;
    setStatus(wordStatus, 'Comparing…');
    try {
      const r = await wordLatest.run(ctx.host.request({ type: 'compare.word', word, k: 10 }));
      if (!r) return;
      renderWord(r);
    } catch (err) { setStatus(wordStatus, message(err), true); wordResult.replaceChildren(); }
  };
  const open = (word: string) => { w.field.value = word; void runWord(); };
  const renderWord = (r: CompareWordResult) => {
    const e = r.effect;
    const effect = e
      ? ` · noise floor ${((e.withinA + e.withinB) / 2).toFixed(2)} (within-rule overlap ${e.withinA.toFixed(2)} / ${e.withinB.toFixed(2)}), between ${e.between.toFixed(2)}: excess change ${iv(e.excess)}, ${e.beyondNoise ? 'beyond seed noise' : 'not beyond seed noise'}`
      : '';
    setStatus(wordStatus, `‘${r.word}’: the two ensembles share ${Math.round(r.overlap * r.k)} of their top ${r.k}${effect}`);
    const basis = { seeds: r.seeds, agreementK: r.agreementK };
    wordResult.replaceChildren(
      h('div', { class: 'columns compare-columns' },
        sideList(r.labels[0], r.a, r.ranksAInB, 'a', open, basis),
        sideList(r.labels[1], r.b, r.ranksBInA, 'b', open, basis)),
      h('p', { class: 'hint', text: `Each list ranks by mean cosine over the rule's ${r.seeds} seeds; n/${r.seeds}: in the top ${r.agreementK} of n of that rule's seeds. Struck through: fewer than half of the rule's own seeds agree, so its move is noise, not a difference. Highlighted: in both lists. ↑n / ↓n: n places higher / lower in ${r.labels[1]}; out / new: in one list only.` }),
      h('div', { class: 'form-row' }, button('Show both on the map', () => ctx.goto('map', r.word, 'compare'), true)));
  };

  const renderWhole = (d: CompareData) => {
    const [ra, rb] = [d.rules[0]!, d.rules[1]!];
    const meanSeconds = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const hp = d.hyperparameters;
    const noiseTable = table(['', 'overlap@10 over the seeds (95 % interval)'], [
      [`within ${ra.label} (its noise floor)`, iv(ra.within)],
      [`within ${rb.label} (its noise floor)`, iv(rb.within)],
      ['between the rules (other seeds)', iv(d.between)],
      ['excess change: noise floor − between', iv(d.excess)],
    ], 'noise');
    const heldOut = table(['rule', 'held-out top-1 %', 'held-out top-10 %', 'time a seed'], [
      ...d.rules.map((r) => [r.label, iv(r.heldOutTop1, points), iv(r.heldOutTop10, points), secs(meanSeconds(r.seconds))]),
      ...(d.heldOutDifference ? [[`${rb.label} − ${ra.label}`, iv(d.heldOutDifference.top1, signedPoints), iv(d.heldOutDifference.top10, signedPoints), '']] : []),
    ], 'held-out');
    const runs = table(['rule', 'α', 'epochs', 'seeds', 'time a seed', 'words/s', 'mean C'], d.rules.map((r) => [
      r.label, `${r.alpha} (${r.alphaChosenBy === 'validation' ? 'chosen on validation' : 'default'})`, String(r.epochs), String(r.seeds.length),
      secs(meanSeconds(r.seconds)), formatInt(r.wordsPerSecond), r.meanContextSize.toFixed(2),
    ]), 'runs');
    const quality = d.quality.length ? d.quality.map((q) => qualityBlock(q, d)) : [h('p', { class: 'hint', text: 'No evaluation files were set when the comparison ran (embeddingLens.eval.*): the held-out score above is the quality measure that works on any corpus.' })];
    const sweep = d.alphaSweep ? [h('h4', { text: 'α sweep (validation top-10 %)' }), table(['rule', ...d.alphaSweep.grid.map(String), 'chosen'],
      d.alphaSweep.rules.map((r) => [r.label, ...r.validationTop10.map(points), String(r.chosen)]))] : [];
    verdict.hidden = false;
    verdict.replaceChildren(h('h3', { text: 'Verdict' }), h('p', { class: 'verdict-text', text: d.verdict }));
    whole.hidden = false;
    whole.replaceChildren(
      h('h3', { text: 'The rule’s effect against seed noise' }),
      h('p', { class: 'hint', text: `Overlap@10 of the ${formatInt(d.words)} most frequent words’ neighbour lists, over every pair of different seeds. Two seeds of one rule already disagree: that is the noise floor. Only what the between-rule overlap loses beyond it is the rule’s effect. Same seed, other rule (runs that share every random draw): ${d.matched.toFixed(2)}.` }),
      noiseTable,
      h('h4', { text: d.beyondNoise ? `Changed beyond noise: ${d.beyondNoise} of the ${formatInt(d.words)} words (most changed first, with the interval of their excess change)` : 'No word changes beyond seed noise on its own' }),
      ...(d.mostChanged.length ? [changedChips(d.mostChanged, open)] : []),
      h('h3', { text: 'Held-out sentences' }),
      h('p', { class: 'hint', text: `${formatInt(d.split.testSentences)} sentences (${Math.round(d.split.test * 100)} % of the corpus, chosen by a hash, never trained on); ${formatInt(d.split.positions)} positions: each predicts its centre word from the mean of its context’s input vectors against every word’s output vector. ${d.split.meaningful ? '' : 'Too few sentences for the score to mean much.'}` }),
      heldOut,
      h('h3', { text: 'Quality' }),
      ...quality,
      h('h3', { text: 'Runs' }), runs, ...sweep,
      h('h4', { text: 'Training loss, every seed' }), lossChart(d.rules),
      h('p', { class: 'hint', text: `${formatInt(d.files)} files, ${formatInt(d.tokens)} words trained on, vocabulary ${formatInt(d.vocabSize)} (min count ${d.minCount}); dim ${hp.dim}, window ${hp.window}, negative ${hp.negative}, sample ${hp.sample}, ${hp.epochs} epochs, ${hp.threads} threads; ${d.seeds} seeds per rule, seed i shared by every rule. Whole compare: ${secs(d.totalSeconds)}. Trained ${new Date(d.createdAt).toLocaleString()}.` }),
    );
  };

  const run = async (withWord = true) => {
    setStatus(status, 'Loading the comparison…');
    try {
      const s = await latest.run(ctx.host.request({ type: 'compare.summary' }));
      if (!s) return;
      if (!s.available) {
        setStatus(status, s.reason);
        empty.hidden = s.running;
        whole.hidden = true;
        verdict.hidden = true;
        bugSlot.replaceChildren(bugExplained(undefined));
        return;
      }
      empty.hidden = true;
      setStatus(status, '');
      bugSlot.replaceChildren(bugExplained(s.data));
      renderWhole(s.data);
      const word = w.field.value.trim();
      if (word && withWord) void runWord();
      else if (word) setStatus(wordStatus, `Press Compare to show ‘${word}’ in both models.`);
    } catch (err) { setStatus(status, message(err), true); }
  };

  const w = textField({ label: 'Word', placeholder: 'a word', value: ctx.state().compare.word, onEnter: () => void runWord() });
  const element = h('div', { class: 'tab-body compare' },
    status, empty, verdict,
    h('section', { class: 'per-word' },
      h('h3', { text: 'Per word' }),
      h('div', { class: 'form-row' }, w.wrap, button('Compare', () => void runWord())),
      wordStatus, wordResult),
    whole,
    h('details', { class: 'bug-details' }, h('summary', { text: 'The two update rules, briefly' }), bugSlot));
  return { id: 'compare', title: 'Compare', element, run: () => void run(), restore: () => void run(false), setWord: (x) => { w.field.value = x; } };
}

// ---------------------------------------------------------------- Map
export function mapTab(ctx: CompareTabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().map;
  const status = statusLine();
  const maps = h('div', { class: 'maps' });
  const canvases: MapCanvas[] = [];
  const explore = (word: string) => { w.field.value = word; void run(); };
  const run = async () => {
    const word = w.field.value.trim();
    const nRaw = Number(n.field.value);
    const nn = Number.isInteger(nRaw) ? Math.max(LIMITS.mapMin, Math.min(LIMITS.mapMax, nRaw)) : 100;
    const method = method_.get();
    const scope = scope_.get();
    ctx.save({ map: { word, n: nn, method, scope } });
    if (!word) return;
    setStatus(status, method === 'umap' ? 'Projecting with UMAP…' : 'Projecting…');
    try {
      const r = await latest.run(ctx.host.request({ type: 'map.data', word, n: nn, method, scope }));
      if (!r) return;
      while (canvases.length < r.panels.length) {
        const me: MapCanvas = new MapCanvas({ onClick: explore, onView: (v) => { for (const c of canvases) if (c !== me) c.setView(v); } });
        canvases.push(me);
      }
      const shown = canvases.slice(0, r.panels.length);
      maps.classList.toggle('two', shown.length > 1);
      maps.replaceChildren(...shown.map((c) => c.element));
      // one projection for both panels: fit the union of their points so the axes are the same
      const bounds = boundsOf(r.panels.flatMap((p) => p.points));
      r.panels.forEach((p, i) => shown[i].setData(p.title, p.points, bounds));
      const variance = r.explained ? ` · variance on the axes ${pct(r.explained[0])} + ${pct(r.explained[1])}` : '';
      setStatus(status, `‘${r.word}’ and ${r.panels[0].points.length - 1} words, ${r.method.toUpperCase()} in ${secs(r.seconds)}${variance}. Wheel: zoom · drag: pan (side-by-side maps move together) · click: explore · double-click: reset.${r.note ? ` ${r.note}` : ''}`);
    } catch (err) { setStatus(status, message(err), true); }
  };
  const w = textField({ label: 'Word', placeholder: 'a word', value: st.word, onEnter: () => void run() });
  const n = textField({ label: 'Neighbours', type: 'number', min: LIMITS.mapMin, max: LIMITS.mapMax, value: String(st.n), width: '6em', onEnter: () => void run() });
  const method_ = select<MapMethod>('Method', [['pca', 'PCA'], ['umap', 'UMAP']], st.method, () => void run());
  const scope_ = select<MapScope>('Models', [['active', 'Active model'], ['compare', 'Compared pair (aligned)']], st.scope, () => void run());
  const element = h('div', { class: 'tab-body map-tab' },
    h('div', { class: 'form-row' }, w.wrap, n.wrap, method_.wrap, scope_.wrap, button('Draw', () => void run())),
    status, maps);
  return {
    id: 'map', title: 'Map', element, run: () => void run(),
    // a map can take seconds of projection (PCA of a 10,000-dimension model): never redrawn by itself
    restore: () => {
      const word = w.field.value.trim();
      setStatus(status, word ? `Press Draw to draw the map of ‘${word}’.` : '');
    },
    setWord: (x) => { w.field.value = x; },
    setScope: (s) => scope_.set(s),
  };
}

// ---------------------------------------------------------------- Evaluate
export function evaluateTab(ctx: TabContext): Tab {
  const status = statusLine();
  const filesText = h('p', { class: 'hint' });
  const result = h('div', {});
  const showFiles = (f: EvalFiles) => { setText(filesText, filesLine(f)); };
  const refresh = () => { ctx.host.request({ type: 'eval.files' }).then(showFiles, (err) => setStatus(status, message(err), true)); };
  const run = async () => {
    setStatus(status, 'Evaluating the active model…');
    result.replaceChildren();
    try {
      const r = await ctx.host.request({ type: 'eval.run', target: 'active' });
      const m = r.models[0];
      setStatus(status, `${m?.label ?? 'Model'}: evaluated in ${secs(r.seconds)}.`);
      if (m) result.replaceChildren(qualityTable([m]), ...(m.analogies ? [h('h4', { text: 'Failed questions' }), failures(m.analogies)] : []));
    } catch (err) { setStatus(status, message(err), true); }
  };
  const element = h('div', { class: 'tab-body evaluate' },
    h('p', { class: 'hint', text: 'Analogy accuracy (gensim’s protocol: 3CosAdd over the 300,000 most frequent words, questions with unknown words skipped and counted in coverage) and Spearman ρ of word-similarity files.' }),
    filesText,
    h('div', { class: 'form-row' }, evalControls(ctx, showFiles), button('Evaluate the active model', () => void run())),
    status, result);
  return { id: 'evaluate', title: 'Evaluate', element, run: refresh };
}
