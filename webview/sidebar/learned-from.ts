// The sidebar's "Learned from" section: files and tokens per language and per part, and what was skipped.
import { CODE_PARTS, partTotal, skipLabel, type LearnedFrom } from '../../src/core/code/source-report';
import type { ModelSummary } from '../../src/protocol';
import { formatCount } from '../../src/core/format';
import { clear, formatInt, h } from '../shared/dom';

/** One row per language (largest first), then code blocks in docs and prose files; notes on what was left out. */
export function learnedFromSection(): { element: HTMLElement; render(info: ModelSummary | undefined): void } {
  const list = h('dl', { class: 'learned-from' });
  const notes = h('p', { class: 'learned-notes' });
  const element = h('section', { class: 'learned', 'aria-label': 'What the model learned from', hidden: true }, h('h3', { text: 'Learned from' }), list, notes);
  const parts = (t: LearnedFrom['docBlocks']['tokens']) => CODE_PARTS.filter((p) => t[p] > 0).map((p) => `${p} ${formatCount(t[p])}`).join(' · ');
  const row = (label: string, text: string) => list.append(h('dt', { text: label }), h('dd', { text, title: text }));
  return {
    element,
    render(info) {
      clear(list);
      clear(notes);
      const r: LearnedFrom | undefined = info?.learnedFrom;
      element.hidden = !r;
      if (!r) return;
      for (const l of [...r.languages].sort((a, b) => partTotal(b.tokens) - partTotal(a.tokens))) {
        row(l.label, `${formatInt(l.files)} file${l.files === 1 ? '' : 's'}${partTotal(l.tokens) ? ` · ${parts(l.tokens)}` : ''}`);
      }
      if (r.docBlocks.blocks) row('Code in docs', `${formatInt(r.docBlocks.blocks)} blocks · ${parts(r.docBlocks.tokens) || 'no tokens'}`);
      if (r.prose.files) row('Prose files', `${formatInt(r.prose.files)} file${r.prose.files === 1 ? '' : 's'} · ${formatCount(r.prose.tokens)} words`);
      const skipped = Object.entries(r.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${formatInt(n)} ${skipLabel(k)}`);
      notes.textContent = [
        !r.code.enabled ? 'Source files: off (embeddingLens.code.enabled).' : `Parts: ${r.code.parts.join(', ') || 'none'}; tokens before min-count.`,
        skipped.length ? `Skipped files: ${skipped.join(', ')}.` : '',
        r.docBlocks.noGrammar ? `${formatInt(r.docBlocks.noGrammar)} code blocks without a known language left out.` : '',
      ].filter(Boolean).join(' ');
    },
  };
}
