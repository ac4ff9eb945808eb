// Analogies: a is to b as c is to ?, by 3CosAdd and 3CosMul side by side.
import { h } from '../../shared/dom';
import { button, textField } from '../../shared/form';
import { Latest } from '../../shared/host';
import { neighbourList, setStatus, showError, statusLine } from './parts';
import type { Tab, TabContext } from './tab';

export function analogiesTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().analogies;
  const status = statusLine();
  const add = neighbourList(ctx, '3CosAdd answers');
  const mul = neighbourList(ctx, '3CosMul answers');
  const run = async () => {
    const [a, b, c] = [fa, fb, fc].map((f) => f.field.value.trim()) as [string, string, string];
    ctx.save({ analogies: { a, b, c } });
    if (!a || !b || !c) { if (a || b || c) setStatus(status, 'Fill in a, b and c.'); return; }
    setStatus(status, 'Solving…');
    try {
      const res = await latest.run(Promise.all([
        ctx.host.request({ type: 'query.analogy', a, b, c, method: 'add', k: 10 }),
        ctx.host.request({ type: 'query.analogy', a, b, c, method: 'mul', k: 10 }),
      ]));
      if (!res) return;
      const best = res[0].answers[0]?.word;
      setStatus(status, best ? `${a} : ${b} :: ${c} : ${best}` : 'No answer.');
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
