// The Evaluate tab: analogy accuracy and word-similarity ρ of the active model on the evaluation files.
import type { AnalogyFileResult, EvalFiles, ModelEvalResult } from '../../../src/protocol';
import { formatDuration as secs } from '../../../src/core/format';
import { formatInt, h, setText } from '../../shared/dom';
import { button } from '../../shared/form';
import { errorMessage as message, pct, setStatus, statusLine, table } from './parts';
import type { Tab, TabContext } from './tab';

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
