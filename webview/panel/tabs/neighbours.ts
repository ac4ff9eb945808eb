// The panel's tabs. Each tab is one entry of the list returned by createTabs(); later issues (Compare, Map,
// Evaluate) append their own entry here and to PANEL_TABS in src/protocol.ts.
import type { ModelSourceKind } from '../../src/core/model-kinds';
import type { Neighbour, PanelState, PanelTab, ResultMap } from '../../src/protocol';
import { stabilityText } from '../shared/agreement';
import { LIMITS } from '../../src/protocol';
import { formatSim, h, setText } from '../shared/dom';
import { button, textField } from '../shared/form';
import type { HostClient } from '../shared/host';
import { Latest } from '../shared/host';
import { NeighbourList } from '../shared/neighbour-list';
import type { MapScope } from '../../src/protocol';
import { compareTab, evaluateTab, mapTab } from './compare-tabs';

export interface TabContext {
  host: HostClient<PanelState>;
  state(): PanelState;
  save(patch: Partial<PanelState>): void;
  /** show a word in the Neighbours tab */
  explore(word: string): void;
  find(word: string): void;
  /** the active model's kind (imported vectors have no seeds to speak of) */
  activeKind(): ModelSourceKind | undefined;
  /** switch to the Compare or Map tab and show a word there (Map: optionally in the compared pair) */
  goto(tab: 'compare' | 'map', word: string, scope?: MapScope): void;
}

export interface Tab {
  id: PanelTab;
  title: string;
  element: HTMLElement;
  /** run the tab's query with its current inputs (no-op when they are incomplete) */
  run(): void;
  /**
   * What the tab does by itself when the panel is restored (after a reload) or the active model changes; absent:
   * run(). Heavy tabs (the map, the per-word compare, which load and align models) only say what an explicit
   * action will show, so restoring a panel never starts heavy work.
   */
  restore?(): void;
  /** put a word into the tab's first input */
  setWord?(word: string): void;
  /** Map only: which models to draw */
  setScope?(scope: MapScope): void;
}

const words = (text: string) => text.split(/[\s,;]+/).map((w) => w.trim()).filter(Boolean);

function statusLine(): HTMLParagraphElement { return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }); }

function showError(status: HTMLElement, err: unknown): void {
  setText(status, err instanceof Error ? err.message : String(err));
  status.classList.add('error');
}
function showStatus(status: HTMLElement, text: string): void {
  setText(status, text);
  status.classList.remove('error');
}

function list(ctx: TabContext, label: string): NeighbourList {
  return new NeighbourList({ label, bars: true, onOpen: (w) => ctx.explore(w), onFind: (w) => ctx.find(w) });
}

function neighboursTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().neighbours;
  const status = statusLine();
  const results = list(ctx, 'Nearest neighbours');
  const stability = h('p', { class: 'stability', hidden: true });
  const filter = h('vscode-checkbox', { class: 'agreed-filter', label: 'Only neighbours most seeds agree on', hidden: true }) as HTMLElement & { checked: boolean };
  filter.checked = st.onlyAgreed === true;
  let last: ResultMap['query.neighbours'] | undefined;
  const show = () => {
    if (!last) return;
    const hidden = results.render(last.neighbours, last, filter.checked);
    const basis = last.seeds > 1 ? ` by mean cosine over ${last.seeds} seeds; n/${last.seeds}: in the top ${last.agreementK} of n seeds` : ' (cosine similarity)';
    showStatus(status, `Nearest ${last.neighbours.length} words to ‘${last.word}’${basis}${hidden ? ` · ${hidden} that fewer than half the seeds agree on hidden` : ''}`);
  };
  filter.addEventListener('change', () => { ctx.save({ neighbours: { ...ctx.state().neighbours, onlyAgreed: filter.checked } }); show(); });
  const run = async () => {
    const word = w.field.value.trim();
    const kRaw = Number(k.field.value);
    const kk = Number.isInteger(kRaw) ? Math.max(LIMITS.kMin, Math.min(LIMITS.kMax, kRaw)) : 20;
    ctx.save({ neighbours: { word, k: kk, onlyAgreed: filter.checked } });
    if (!word) return;
    showStatus(status, 'Searching…');
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

function analogiesTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().analogies;
  const status = statusLine();
  const add = list(ctx, '3CosAdd answers');
  const mul = list(ctx, '3CosMul answers');
  const run = async () => {
    const [a, b, c] = [fa, fb, fc].map((f) => f.field.value.trim()) as [string, string, string];
    ctx.save({ analogies: { a, b, c } });
    if (!a || !b || !c) { if (a || b || c) showStatus(status, 'Fill in a, b and c.'); return; }
    showStatus(status, 'Solving…');
    try {
      const res = await latest.run(Promise.all([
        ctx.host.request({ type: 'query.analogy', a, b, c, method: 'add', k: 10 }),
        ctx.host.request({ type: 'query.analogy', a, b, c, method: 'mul', k: 10 }),
      ]));
      if (!res) return;
      const best = res[0].answers[0]?.word;
      showStatus(status, best ? `${a} : ${b} :: ${c} : ${best}` : 'No answer.');
      add.render(res[0].answers);
      mul.render(res[1].answers);
    } catch (err) { showError(status, err); add.render([]); mul.render([]); }
  };
  const fa = textField({ label: 'a', placeholder: 'man', value: st.a, width: '9em', onEnter: () => void run() });
  const fb = textField({ label: 'b', placeholder: 'king', value: st.b, width: '9em', onEnter: () => void run() });
  const fc = textField({ label: 'c', placeholder: 'woman', value: st.c, width: '9em', onEnter: () => void run() });
  const sep = (t: string) => h('span', { class: 'sep', 'aria-hidden': 'true', text: t });
  const element = h('div', { class: 'tab-body' },
    h('p', { class: 'hint', text: 'a is to b as c is to ?  — answers exclude a, b and c.' }),
    h('div', { class: 'form-row' }, fa.wrap, sep(':'), fb.wrap, sep('::'), fc.wrap, sep(': ?'), button('Solve', () => void run())),
    status,
    h('div', { class: 'columns' },
      h('section', {}, h('h3', { text: '3CosAdd', title: 'b − a + c, by cosine' }), add.element),
      h('section', {}, h('h3', { text: '3CosMul', title: 'Levy & Goldberg (2014) multiplicative objective' }), mul.element)));
  return { id: 'analogies', title: 'Analogies', element, run: () => void run(), setWord: (x) => { fa.field.value = x; } };
}

function similarityTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().similarity;
  const status = statusLine();
  const value = h('div', { class: 'similarity-value', hidden: true });
  const bar = h('div', { class: 'bar big', 'aria-hidden': 'true' }, h('span', { class: 'fill' }));
  const run = async () => {
    const [a, b] = [fa, fb].map((f) => f.field.value.trim()) as [string, string];
    ctx.save({ similarity: { a, b } });
    if (!a || !b) return;
    showStatus(status, 'Computing…');
    try {
      const res = await latest.run(ctx.host.request({ type: 'query.similarity', a, b }));
      if (!res) return;
      showStatus(status, `cosine(‘${res.a}’, ‘${res.b}’)`);
      value.hidden = false;
      value.replaceChildren(h('span', { class: 'number', text: formatSim(res.similarity) }), bar);
      (bar.firstChild as HTMLElement).style.width = `${Math.max(0, Math.min(1, res.similarity)) * 100}%`;
    } catch (err) { showError(status, err); value.hidden = true; }
  };
  const fa = textField({ label: 'First word', value: st.a, onEnter: () => void run() });
  const fb = textField({ label: 'Second word', value: st.b, onEnter: () => void run() });
  const element = h('div', { class: 'tab-body' },
    h('div', { class: 'form-row' }, fa.wrap, fb.wrap, button('Compare', () => void run())), status, value);
  return { id: 'similarity', title: 'Similarity', element, run: () => void run(), setWord: (x) => { fa.field.value = x; } };
}

function oddOneOutTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().oddOneOut;
  const status = statusLine();
  const results = list(ctx, 'Scores');
  const run = async () => {
    const text = f.field.value;
    ctx.save({ oddOneOut: { words: text } });
    const ws = words(text);
    if (!ws.length) return;
    if (ws.length < LIMITS.oddOneOutMin || ws.length > LIMITS.oddOneOutMax) {
      showError(status, `Enter ${LIMITS.oddOneOutMin} to ${LIMITS.oddOneOutMax} words.`); results.render([]); return;
    }
    showStatus(status, 'Computing…');
    try {
      const res = await latest.run(ctx.host.request({ type: 'query.oddOneOut', words: ws }));
      if (!res) return;
      showStatus(status, `‘${res.word}’ is the odd one out. Below: how well each word fits with the others.`);
      results.render([...res.scores].sort((x: Neighbour, y: Neighbour) => y.similarity - x.similarity));
    } catch (err) { showError(status, err); results.render([]); }
  };
  const f = textField({ label: 'Words', placeholder: 'breakfast lunch dinner cereal', value: st.words, width: '28em', onEnter: () => void run() });
  const element = h('div', { class: 'tab-body' },
    h('p', { class: 'hint', text: 'Which word does not belong? Separate 3 to 20 words with spaces or commas.' }),
    h('div', { class: 'form-row' }, f.wrap, button('Find the odd one', () => void run())), status, results.element);
  return { id: 'oddOneOut', title: 'Odd one out', element, run: () => void run() };
}

export function createTabs(ctx: TabContext): Tab[] {
  return [neighboursTab(ctx), analogiesTab(ctx), similarityTab(ctx), oddOneOutTab(ctx), compareTab(ctx), mapTab(ctx), evaluateTab(ctx)];
}
