// Odd one out: which of 3 to 20 words fits least with the others.
import { LIMITS, type Neighbour } from '../../../src/protocol';
import { h } from '../../shared/dom';
import { button, textField } from '../../shared/form';
import { Latest } from '../../shared/host';
import { neighbourList, setStatus, showError, statusLine } from './parts';
import type { Tab, TabContext } from './tab';

const words = (text: string) => text.split(/[\s,;]+/).map((w) => w.trim()).filter(Boolean);

export function oddOneOutTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().oddOneOut;
  const status = statusLine();
  const results = neighbourList(ctx, 'Scores');
  const run = async () => {
    const text = f.field.value;
    ctx.save({ oddOneOut: { words: text } });
    const ws = words(text);
    if (!ws.length) return;
    if (ws.length < LIMITS.oddOneOutMin || ws.length > LIMITS.oddOneOutMax) {
      showError(status, `Enter ${LIMITS.oddOneOutMin} to ${LIMITS.oddOneOutMax} words.`); results.render([]); return;
    }
    setStatus(status, 'Computing…');
    try {
      const res = await latest.run(ctx.host.request({ type: 'query.oddOneOut', words: ws }));
      if (!res) return;
      setStatus(status, `‘${res.word}’ is the odd one out. Below: how well each word fits with the others.`);
      results.render([...res.scores].sort((x: Neighbour, y: Neighbour) => y.similarity - x.similarity));
    } catch (err) { showError(status, err); results.render([]); }
  };
  const f = textField({ label: 'Words', placeholder: 'breakfast lunch dinner cereal', value: st.words, width: '28em', onEnter: () => void run() });
  const element = h('div', { class: 'tab-body' },
    h('p', { class: 'hint', text: 'Which word does not belong? Separate 3 to 20 words with spaces or commas.' }),
    h('div', { class: 'form-row' }, f.wrap, button('Find the odd one', () => void run())), status, results.element);
  return { id: 'oddOneOut', title: 'Odd one out', element, run: () => void run() };
}
