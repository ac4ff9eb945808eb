// The Compare tab: the verdict, the rule's effect against seed noise, held-out and quality scores, and one word
// in both rules. All data arrives from the host (src/extension/compare/), which does the heavy work.
import type { ChangedWord, CompareData, CompareQualityRow, CompareWordResult } from '../../../../src/protocol';
import { formatDuration as secs, formatFixed } from '../../../../src/core/format';
import { formatInt, h } from '../../../shared/dom';
import { button, textField } from '../../../shared/form';
import { Latest } from '../../../shared/host';
import { errorMessage as message, pct, setStatus, statusLine, table } from '../parts';
import type { Tab, TabContext } from '../tab';
import { iv, points, signedPoints } from './figures';
import { lossChart } from './loss-chart';
import { sideList } from './side-lists';
import { bugExplained } from './update-rules';

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

/** One evaluation file: each rule's mean over seeds with its interval, and the paired difference, or why not. */
function qualityBlock(q: CompareQualityRow, d: CompareData): HTMLElement {
  const f = q.kind === 'analogies' ? points : (x: number) => formatFixed(x, 3);
  const fd = q.kind === 'analogies' ? signedPoints : (x: number) => `${x > 0 && Number(f(x)) !== 0 ? '+' : ''}${f(x)}`;
  const what = q.kind === 'analogies' ? 'accuracy %' : 'Spearman ρ';
  const cover = `${formatInt(q.items)} of ${formatInt(q.total)} ${q.kind === 'analogies' ? 'questions' : 'pairs'} covered (${pct(q.coverage)})`;
  if (!q.meaningful) return h('p', { class: 'quality-row', text: `${q.file}: too few ${q.kind === 'analogies' ? 'questions' : 'pairs'} covered for the ${what} to mean anything (${cover}).` });
  return h('div', { class: 'quality-row' }, h('h4', { text: `${q.file}: ${what}, ${cover}` }), table(['rule', `${what} (95 % interval)`],
    [...d.rules.map((r, i) => [r.label, iv(q.perRule[i], f)]), [`${d.rules[1]!.label} − ${d.rules[0]!.label}`, iv(q.difference, fd)]]));
}

export function compareTab(ctx: TabContext): Tab {
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
