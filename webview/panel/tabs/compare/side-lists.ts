// One word's neighbour lists in both rules, each row marked with how far it moved to the other list.
import type { Neighbour } from '../../../../src/protocol';
import { agreementBadge } from '../../../shared/agreement';
import { formatSim, h } from '../../../shared/dom';

/** Movement from the first model's list (A) to the second's (B), shown on both lists: ↑n = n places higher in B. */
function rankChange(rankA: number | null, rankB: number | null, side: 'a' | 'b'): { text: string; cls: string; title: string } {
  if (rankB === null) return { text: 'out', cls: 'rank-new', title: 'only in the first model’s list' };
  if (rankA === null) return { text: 'new', cls: 'rank-new', title: 'only in the second model’s list' };
  const other = side === 'a' ? `rank ${rankB} in the second model` : `rank ${rankA} in the first model`;
  const d = rankA - rankB;
  if (d === 0) return { text: '=', cls: 'rank-same', title: `same rank in both models` };
  return d > 0 ? { text: `↑${d}`, cls: 'rank-up', title: other } : { text: `↓${-d}`, cls: 'rank-down', title: other };
}

export function sideList(label: string, list: Neighbour[], ranks: (number | null)[], side: 'a' | 'b', onOpen: (w: string) => void, basis: { seeds: number; agreementK: number }): HTMLElement {
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
