// How the views show what a neighbour list rests on: its seeds, each neighbour's agreement ("3/3": in the top K
// of all three seeds), the word's stability, and a model's stability histogram. Text only via textContent.
import type { Neighbour, StabilitySummary } from '../../src/protocol';
import { stabilityWords } from '../../src/core/hover-markdown';
import { formatSim, h } from './dom';

export interface ListBasis { seeds: number; agreementK: number }

/** Kept by the "most seeds agree" filter: in at least half of the seeds' lists. */
export function agreedByMost(n: Neighbour, seeds: number): boolean {
  return n.agreement === undefined || n.agreement * 2 >= seeds;
}

export function agreementBadge(n: Neighbour, basis: ListBasis): HTMLElement | undefined {
  if (basis.seeds < 2 || n.agreement === undefined) return undefined;
  const spread = n.spread ? ` · cosine ${formatSim(n.spread[0])}–${formatSim(n.spread[1])} across the seeds` : '';
  const level = n.agreement === basis.seeds ? 'all' : agreedByMost(n, basis.seeds) ? 'most' : 'few';
  return h('span', {
    class: `agree agree-${level}`,
    text: `${n.agreement}/${basis.seeds}`,
    title: `in the top ${basis.agreementK} of ${n.agreement} of ${basis.seeds} seeds${spread}`,
  });
}

/** "3 seeds · fairly stable (0.64)" or what a single run means. */
export function stabilityText(seeds: number, stability: number | undefined, imported: boolean): string {
  if (imported) return 'Imported vectors.';
  if (seeds < 2) return 'One training run: another seed may change many of these neighbours.';
  const s = stability === undefined ? '' : ` · ${stabilityWords(stability)}: any two seeds share ${(stability * 10).toFixed(1)} of its top 10 on average`;
  return `Averaged over ${seeds} seeds${s}.`;
}

/** The distribution of word stability over a model's most frequent words: ten bars, tenths of stability. */
export function stabilityHistogram(s: StabilitySummary): HTMLElement {
  const max = Math.max(1, ...s.histogram);
  const bars = h('div', { class: 'hist', role: 'img', 'aria-label': `Stability of the ${s.words} most frequent words: ${s.histogram.map((c, i) => `${c} between ${(i / 10).toFixed(1)} and ${((i + 1) / 10).toFixed(1)}`).join(', ')}` });
  s.histogram.forEach((count, i) => {
    const bar = h('span', { class: 'hist-bar', title: `${count} words with stability ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}` });
    bar.style.height = `${Math.round((count / max) * 100)}%`; // CSSOM: allowed by the CSP
    bars.append(bar);
  });
  return h('figure', { class: 'stability-hist' }, bars,
    h('figcaption', { class: 'hint', text: `0 … 1: stability of the ${s.words.toLocaleString('en-US')} most frequent words (median ${s.median.toFixed(2)})` }));
}
