// Similarity: the cosine of two words.
import { formatSim, h } from '../../shared/dom';
import { button, textField } from '../../shared/form';
import { Latest } from '../../shared/host';
import { setStatus, showError, statusLine } from './parts';
import type { Tab, TabContext } from './tab';

export function similarityTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().similarity;
  const status = statusLine();
  const value = h('div', { class: 'similarity-value', hidden: true });
  const bar = h('div', { class: 'bar big', 'aria-hidden': 'true' }, h('span', { class: 'fill' }));
  const run = async () => {
    const [a, b] = [fa, fb].map((f) => f.field.value.trim()) as [string, string];
    ctx.save({ similarity: { a, b } });
    if (!a || !b) return;
    setStatus(status, 'Computing…');
    try {
      const res = await latest.run(ctx.host.request({ type: 'query.similarity', a, b }));
      if (!res) return;
      setStatus(status, `cosine(‘${res.a}’, ‘${res.b}’)`);
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
