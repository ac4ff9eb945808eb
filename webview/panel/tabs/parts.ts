// Small pieces every panel tab uses: the status line, a native select, a data table, a neighbour list.
// Text reaches the DOM only through h()/setText (control, bidi and zero-width characters made visible).
import { h, setText } from '../../shared/dom';
import { NeighbourList } from '../../shared/neighbour-list';
import type { TabContext } from './tab';

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A polite live region for what a tab is doing or what went wrong. */
export function statusLine(): HTMLParagraphElement { return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }); }

export function setStatus(status: HTMLElement, text: string, error = false): void {
  setText(status, text);
  status.classList.toggle('error', error);
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function showError(status: HTMLElement, err: unknown): void { setStatus(status, errorMessage(err), true); }

export function select<T extends string>(label: string, options: [T, string][], value: T, onChange: (v: T) => void): { wrap: HTMLElement; get(): T; set(v: T): void } {
  const sel = h('select', { class: 'native-select', 'aria-label': label });
  for (const [v, text] of options) sel.append(h('option', { value: v, text }));
  sel.value = value;
  sel.addEventListener('change', () => onChange(sel.value as T));
  return { wrap: h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), sel), get: () => sel.value as T, set: (v) => { sel.value = v; } };
}

export function table(head: string[], rows: (string | HTMLElement)[][], cls = ''): HTMLTableElement {
  const t = h('table', { class: `data ${cls}` });
  const thead = h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { text: x }))));
  const tbody = h('tbody', {});
  for (const r of rows) tbody.append(h('tr', {}, ...r.map((c) => (typeof c === 'string' ? h('td', { text: c }) : h('td', {}, c)))));
  t.append(thead, tbody);
  return t;
}

/** A neighbour list whose words open in the Neighbours tab and can be searched for in the workspace. */
export function neighbourList(ctx: TabContext, label: string): NeighbourList {
  return new NeighbourList({ label, bars: true, onOpen: (w) => ctx.explore(w), onFind: (w) => ctx.find(w) });
}
