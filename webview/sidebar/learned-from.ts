// The sidebar's "Learned from" section: files and tokens per language and per part, and what was skipped.
import { CODE_PARTS, partTotal, skipLabel, type LearnedFrom } from '../../src/core/code/source-report';
import type { ModelSummary } from '../../src/protocol';
import { clear, formatInt, h } from '../shared/dom';

export function learnedFromSection(): { element: HTMLElement; render(info: ModelSummary | undefined): void } {
  const table = h('table', { class: 'learned-from' });
  const notes = h('p', { class: 'learned-notes' });
  const element = h('section', { class: 'learned', 'aria-label': 'What the model learned from', hidden: true }, h('h3', { text: 'Learned from' }), table, notes);
  return {
    element,
    render(info) {
      clear(table);
      clear(notes);
      const r: LearnedFrom | undefined = info?.learnedFrom;
      element.hidden = !r;
      if (!r) return;
      const head = h('tr', {}, h('th', { text: '' }), h('th', { text: 'files' }), ...CODE_PARTS.map((p) => h('th', { text: p })), h('th', { text: 'prose' }));
      table.append(h('thead', {}, head));
      const body = h('tbody');
      const cell = (n: number) => h('td', { text: n ? formatInt(n) : '–' });
      for (const l of [...r.languages].sort((a, b) => partTotal(b.tokens) - partTotal(a.tokens))) {
        body.append(h('tr', {}, h('th', { text: l.label, scope: 'row' }), cell(l.files), ...CODE_PARTS.map((p) => cell(l.tokens[p])), cell(0)));
      }
      if (r.docBlocks.blocks) {
        body.append(h('tr', { title: Object.entries(r.docBlocks.byLanguage).map(([k, v]) => `${k}: ${v}`).join(', ') },
          h('th', { text: 'code in docs', scope: 'row' }), h('td', { text: `${formatInt(r.docBlocks.blocks)} blocks` }), ...CODE_PARTS.map((p) => cell(r.docBlocks.tokens[p])), cell(0)));
      }
      if (r.prose.files) body.append(h('tr', {}, h('th', { text: 'prose files', scope: 'row' }), cell(r.prose.files), ...CODE_PARTS.map(() => cell(0)), cell(r.prose.tokens)));
      table.append(body);
      const skipped = Object.entries(r.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${formatInt(n)} ${skipLabel(k)}`);
      const lines = [
        !r.code.enabled ? 'Source files: off (embeddingLens.code.enabled).' : `Parts: ${r.code.parts.join(', ') || 'none'}. Tokens are counted before min-count.`,
        skipped.length ? `Skipped files: ${skipped.join(', ')}.` : '',
        r.docBlocks.noGrammar ? `${formatInt(r.docBlocks.noGrammar)} code blocks without a known language left out.` : '',
      ].filter(Boolean);
      notes.textContent = lines.join(' ');
    },
  };
}
