// A keyboard-navigable list of neighbours: ArrowUp/ArrowDown/Home/End move, Enter or click explores the word,
// each row has a "find in files" button and, for a model of several seeds, the neighbour's agreement. Words are
// rendered with textContent only.
import type { Neighbour } from '../../src/protocol';
import { agreedByMost, agreementBadge, type ListBasis } from './agreement';
import { formatSim, h, searchIcon } from './dom';

export interface NeighbourListOptions {
  label: string;
  bars?: boolean;
  onOpen(word: string): void;
  onFind(word: string): void;
}

export class NeighbourList {
  readonly element: HTMLUListElement;

  constructor(private readonly options: NeighbourListOptions) {
    this.element = h('ul', { class: 'neighbours', role: 'listbox', 'aria-label': options.label });
    this.element.addEventListener('keydown', (ev) => this.onKey(ev));
  }

  private rows(): HTMLLIElement[] { return [...this.element.querySelectorAll<HTMLLIElement>('li.row')]; }

  private focusRow(i: number): void {
    const rows = this.rows();
    if (!rows.length) return;
    const idx = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => { r.tabIndex = j === idx ? 0 : -1; r.setAttribute('aria-selected', String(j === idx)); });
    rows[idx]!.focus();
  }

  private onKey(ev: KeyboardEvent): void {
    const rows = this.rows();
    const target = ev.target as HTMLElement;
    const row = target.closest('li.row') as HTMLLIElement | null;
    const i = row ? rows.indexOf(row) : -1;
    switch (ev.key) {
      case 'ArrowDown': this.focusRow(i + 1); break;
      case 'ArrowUp': this.focusRow(i - 1); break;
      case 'Home': this.focusRow(0); break;
      case 'End': this.focusRow(rows.length - 1); break;
      case 'Enter':
      case ' ':
        if (row && target === row) this.options.onOpen(row.dataset.word!);
        else return; // let the button handle its own Enter/Space
        break;
      default: return;
    }
    ev.preventDefault();
  }

  /** Focuses the first row (e.g. ArrowDown from the search box). */
  focusFirst(): void { this.focusRow(0); }

  /**
   * Shows the list. With `onlyAgreed`, neighbours that fewer than half of the seeds have in their top K are left
   * out; returns how many were.
   */
  render(neighbours: readonly Neighbour[], basis: ListBasis = { seeds: 1, agreementK: 10 }, onlyAgreed = false): number {
    const shown = onlyAgreed ? neighbours.filter((n) => agreedByMost(n, basis.seeds)) : neighbours;
    const items = shown.map((n, i) => {
      const word = h('span', { class: 'word', text: n.word });
      const sim = h('span', { class: 'sim', text: formatSim(n.similarity), title: basis.seeds > 1 ? `mean cosine over ${basis.seeds} seeds` : 'cosine similarity' });
      const badge = agreementBadge(n, basis);
      const find = h('button', { class: 'icon-button find', type: 'button', tabindex: -1, title: `Find '${n.word}' in files`, 'aria-label': `Find '${n.word}' in files` }, searchIcon());
      find.addEventListener('click', (ev) => { ev.stopPropagation(); this.options.onFind(n.word); });
      const li = h('li', { class: 'row', role: 'option', tabindex: i === 0 ? 0 : -1, 'aria-selected': 'false', title: `Explore '${n.word}'` });
      li.dataset.word = n.word;
      if (this.options.bars) {
        const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
        const fill = h('span', { class: 'fill' });
        fill.style.width = `${Math.max(0, Math.min(1, n.similarity)) * 100}%`; // CSSOM: allowed by the CSP
        bar.append(fill);
        li.append(h('span', { class: 'rank', text: String(i + 1) }), word, bar, sim, ...(badge ? [badge] : []), find);
      } else {
        li.append(word, sim, ...(badge ? [badge] : []), find);
      }
      li.addEventListener('click', () => this.options.onOpen(n.word));
      return li;
    });
    this.element.replaceChildren(...items);
    return neighbours.length - shown.length;
  }
}
