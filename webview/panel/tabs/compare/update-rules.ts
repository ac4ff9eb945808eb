// The two CBOW update rules side by side, with the mean context size C measured on this corpus.
import type { CompareData } from '../../../../src/protocol';
import { h } from '../../../shared/dom';

function codeBlock(title: string, lines: string[], highlight: number): HTMLElement {
  const code = h('code', {});
  lines.forEach((l, i) => code.append(h('span', { class: i === highlight ? 'code-line diff-line' : 'code-line', text: l })));
  return h('figure', { class: 'rule' }, h('figcaption', { text: title }), h('pre', {}, code));
}

export function bugExplained(data: CompareData | undefined): HTMLElement {
  const common = [
    'h = (1/C) Σ v_c          // mean of the C context vectors',
    'for each target/negative u with label y:',
    '  g = α (y − σ(u·h))',
    '  e += g u;  u += g h',
  ];
  const c = data ? data.meanContextSize : undefined;
  const explain = h('p', { class: 'bug-note' });
  explain.append(
    'The hidden layer is the mean of the context vectors, so the gradient of each context vector is e / C. word2vec.c adds the whole e to every context vector. ',
    c !== undefined
      ? h('strong', { text: `Measured on this corpus: mean C = ${c.toFixed(2)}, so with word2vec's rule context vectors move C≈${c.toFixed(1)}× faster than the gradient says.` })
      : 'Run the comparison to measure the mean C on this workspace.',
  );
  return h('section', { class: 'bug' },
    h('h3', { text: 'The bug, briefly' }),
    h('div', { class: 'rules' },
      codeBlock('word2vec.c CBOW', [...common, 'for each context word c:', '  v_c += e'], 5),
      codeBlock('corrected CBOW (İrsoy et al. 2021)', [...common, 'for each context word c:', '  v_c += e / C'], 5)),
    explain);
}
