// The Map tab: a word and its neighbours in 2D (PCA or UMAP), for the active model or the compared pair aligned.
import { LIMITS, type MapMethod, type MapScope } from '../../../src/protocol';
import { formatDuration as secs } from '../../../src/core/format';
import { h } from '../../shared/dom';
import { button, textField } from '../../shared/form';
import { Latest } from '../../shared/host';
import { boundsOf, MapCanvas } from './map-canvas';
import { errorMessage as message, pct, select, setStatus, statusLine } from './parts';
import type { Tab, TabContext } from './tab';

export function mapTab(ctx: TabContext): Tab {
  const latest = new Latest();
  const st = ctx.state().map;
  const status = statusLine();
  const maps = h('div', { class: 'maps' });
  const canvases: MapCanvas[] = [];
  const explore = (word: string) => { w.field.value = word; void run(); };
  const run = async () => {
    const word = w.field.value.trim();
    const nRaw = Number(n.field.value);
    const nn = Number.isInteger(nRaw) ? Math.max(LIMITS.mapMin, Math.min(LIMITS.mapMax, nRaw)) : 100;
    const method = method_.get();
    const scope = scope_.get();
    ctx.save({ map: { word, n: nn, method, scope } });
    if (!word) return;
    setStatus(status, method === 'umap' ? 'Projecting with UMAP…' : 'Projecting…');
    try {
      const r = await latest.run(ctx.host.request({ type: 'map.data', word, n: nn, method, scope }));
      if (!r) return;
      while (canvases.length < r.panels.length) {
        const me: MapCanvas = new MapCanvas({ onClick: explore, onView: (v) => { for (const c of canvases) if (c !== me) c.setView(v); } });
        canvases.push(me);
      }
      const shown = canvases.slice(0, r.panels.length);
      maps.classList.toggle('two', shown.length > 1);
      maps.replaceChildren(...shown.map((c) => c.element));
      // one projection for both panels: fit the union of their points so the axes are the same
      const bounds = boundsOf(r.panels.flatMap((p) => p.points));
      r.panels.forEach((p, i) => shown[i].setData(p.title, p.points, bounds));
      const variance = r.explained ? ` · variance on the axes ${pct(r.explained[0])} + ${pct(r.explained[1])}` : '';
      setStatus(status, `‘${r.word}’ and ${r.panels[0].points.length - 1} words, ${r.method.toUpperCase()} in ${secs(r.seconds)}${variance}. Wheel: zoom · drag: pan (side-by-side maps move together) · click: explore · double-click: reset.${r.note ? ` ${r.note}` : ''}`);
    } catch (err) { setStatus(status, message(err), true); }
  };
  const w = textField({ label: 'Word', placeholder: 'a word', value: st.word, onEnter: () => void run() });
  const n = textField({ label: 'Neighbours', type: 'number', min: LIMITS.mapMin, max: LIMITS.mapMax, value: String(st.n), width: '6em', onEnter: () => void run() });
  const method_ = select<MapMethod>('Method', [['pca', 'PCA'], ['umap', 'UMAP']], st.method, () => void run());
  const scope_ = select<MapScope>('Models', [['active', 'Active model'], ['compare', 'Compared pair (aligned)']], st.scope, () => void run());
  const element = h('div', { class: 'tab-body map-tab' },
    h('div', { class: 'form-row' }, w.wrap, n.wrap, method_.wrap, scope_.wrap, button('Draw', () => void run())),
    status, maps);
  return {
    id: 'map', title: 'Map', element, run: () => void run(),
    // a map can take seconds of projection (PCA of a 10,000-dimension model): never redrawn by itself
    restore: () => {
      const word = w.field.value.trim();
      setStatus(status, word ? `Press Draw to draw the map of ‘${word}’.` : '');
    },
    setWord: (x) => { w.field.value = x; },
    setScope: (s) => scope_.set(s),
  };
}
