// Neighbours: a word's nearest words, with each neighbour's agreement over the seeds.
import { LIMITS, type ResultMap } from '../../../src/protocol';
import { stabilityText } from '../../shared/agreement';
import { h, setText } from '../../shared/dom';
import { button, textField } from '../../shared/form';
import { Latest } from '../../shared/host';
import { neighbourList, setStatus, showError, statusLine } from './parts';
import type { Tab, TabContext } from './tab';

export function neighboursTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().neighbours;
  const status = statusLine();
  const results = neighbourList(ctx, 'Nearest neighbours');
  const stability = h('p', { class: 'stability', hidden: true });
  const filter = h('vscode-checkbox', { class: 'agreed-filter', label: 'Only neighbours most seeds agree on', hidden: true }) as HTMLElement & { checked: boolean };
  filter.checked = st.onlyAgreed === true;
  let last: ResultMap['query.neighbours'] | undefined;
  const show = () => {
    if (!last) return;
    const hidden = results.render(last.neighbours, last, filter.checked);
    const basis = last.seeds > 1 ? ` by mean cosine over ${last.seeds} seeds; n/${last.seeds}: in the top ${last.agreementK} of n seeds` : ' (cosine similarity)';
    setStatus(status, `Nearest ${last.neighbours.length} words to ‘${last.word}’${basis}${hidden ? ` · ${hidden} that fewer than half the seeds agree on hidden` : ''}`);
  };
  filter.addEventListener('change', () => { ctx.save({ neighbours: { ...ctx.state().neighbours, onlyAgreed: filter.checked } }); show(); });
  const run = async () => {
    const word = w.field.value.trim();
    const kRaw = Number(k.field.value);
    const kk = Number.isInteger(kRaw) ? Math.max(LIMITS.kMin, Math.min(LIMITS.kMax, kRaw)) : 20;
    ctx.save({ neighbours: { word, k: kk, onlyAgreed: filter.checked } });
    if (!word) return;
    setStatus(status, 'Searching…');
    try {
      const res = await latest.run(ctx.host.request({ type: 'query.neighbours', word, k: kk }));
      if (!res) return;
      last = res;
      filter.hidden = res.seeds < 2;
      stability.hidden = false;
      setText(stability, stabilityText(res.seeds, res.stability, ctx.activeKind() === 'imported'));
      show();
    } catch (err) { showError(status, err); last = undefined; stability.hidden = true; results.render([]); }
  };
  const w = textField({ label: 'Word', placeholder: 'a word', value: st.word, onEnter: () => void run() });
  const k = textField({ label: 'How many', type: 'number', min: LIMITS.kMin, max: LIMITS.kMax, value: String(st.k), width: '6em', onEnter: () => void run() });
  const element = h('div', { class: 'tab-body' },
    h('div', { class: 'form-row' }, w.wrap, k.wrap, button('Find neighbours', () => void run())),
    stability, filter, status, results.element);
  return { id: 'neighbours', title: 'Neighbours', element, run: () => void run(), setWord: (x) => { w.field.value = x; } };
}
