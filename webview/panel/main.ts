// The explorer panel: a tab strip built from the list in tabs.ts; state (tab + inputs) kept with setState
// so that it survives hiding and window reloads (the host registers a WebviewPanelSerializer).
import '../shared/elements';
import type { ModelSourceKind } from '../../src/core/model-kinds';
import { PANEL_TABS, type ModelChangedMessage, type PanelState, type PanelTab, type ShowMessage } from '../../src/protocol';
import { formatInt, h, setText } from '../shared/dom';
import { button } from '../shared/form';
import { HostClient } from '../shared/host';
import { ModelPicker } from '../shared/model-picker';
import { createTabs, type Tab } from './tabs/index';

const DEFAULT_STATE: PanelState = {
  tab: 'neighbours',
  neighbours: { word: '', k: 20 },
  analogies: { a: '', b: '', c: '' },
  similarity: { a: '', b: '' },
  oddOneOut: { words: '' },
  compare: { word: '' },
  map: { word: '', n: 100, method: 'pca', scope: 'active' },
  evaluate: { target: 'active' },
};

function restore(saved: Partial<PanelState> | undefined): PanelState {
  const s: PanelState = structuredClone(DEFAULT_STATE);
  if (!saved || typeof saved !== 'object') return s;
  if (typeof saved.tab === 'string' && (PANEL_TABS as readonly string[]).includes(saved.tab)) s.tab = saved.tab;
  for (const key of ['neighbours', 'analogies', 'similarity', 'oddOneOut', 'compare', 'map', 'evaluate'] as const) {
    if (saved[key] && typeof saved[key] === 'object') Object.assign(s[key], saved[key]);
  }
  return s;
}

const app = document.getElementById('app')!;
let hasModel = false;
let activeId: string | undefined;

const host: HostClient<PanelState, 'panel'> = new HostClient<PanelState, 'panel'>({
  onModel: (m) => onModel(m), onShow: (m) => onShow(m),
  onCompare: () => { if (state.tab === 'compare') tabById('compare').run(); },
});
let state = restore(host.getState());

const save = (patch: Partial<PanelState>) => { state = { ...state, ...patch }; host.setState(state); };

let activeKind: ModelSourceKind | undefined;
const tabs: Tab[] = createTabs({
  host,
  state: () => state,
  save,
  activeKind: () => activeKind,
  explore: (word) => { select('neighbours'); tabById('neighbours').setWord?.(word); tabById('neighbours').run(); },
  find: (word) => host.notify({ type: 'word.findInFiles', word }),
  goto: (tab, word, scope) => {
    select(tab);
    const t = tabById(tab);
    t.setWord?.(word);
    if (scope) t.setScope?.(scope);
    t.run();
  },
});
const tabById = (id: PanelTab) => tabs.find((t) => t.id === id)!;

// ---------------------------------------------------------------- layout
const picker = new ModelPicker((id) => host.notify({ type: 'models.select', modelId: id }));
const modelLine = h('p', { class: 'model-line' });
const note = h('p', { class: 'note', role: 'note', hidden: true });
const header = h('header', {}, h('h1', { text: 'Embedding Lens' }), modelLine, picker.element);

const tabStrip = h('vscode-tabs', { 'selected-index': String(Math.max(0, tabs.findIndex((t) => t.id === state.tab))) }) as HTMLElement & { selectedIndex: number };
for (const t of tabs) {
  tabStrip.append(h('vscode-tab-header', { slot: 'header', id: `tab-${t.id}` }, t.title));
  tabStrip.append(h('vscode-tab-panel', { 'data-tab': t.id }, t.element));
}
tabStrip.addEventListener('vsc-tabs-select', (ev: Event) => {
  const i = (ev as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  const t = tabs[i];
  if (t) save({ tab: t.id });
  if (t && (t.id === 'compare' || t.id === 'evaluate') && hasModel) t.run(); // cheap: a saved summary / the file names
});

const trainButton = button('Train a model', () => host.notify({ type: 'model.train' }));
const empty = h('section', { class: 'empty', hidden: true },
  h('p', { text: 'No embeddings yet. Train word2vec on the text files of this workspace first.' }), trainButton);

app.replaceChildren(header, note, empty, tabStrip);
app.removeAttribute('aria-busy');

function select(id: PanelTab): void {
  const i = tabs.findIndex((t) => t.id === id);
  if (i < 0) return;
  tabStrip.selectedIndex = i;
  save({ tab: id });
}

// ---------------------------------------------------------------- host events
function onModel(m: ModelChangedMessage): void {
  hasModel = m.info !== undefined;
  activeKind = m.info?.kind;
  picker.update(m.models, m.info?.id);
  empty.hidden = hasModel;
  tabStrip.hidden = !hasModel;
  const i = m.info;
  setText(modelLine, i
    ? `${i.label} · ${formatInt(i.vocabSize)} words · ${formatInt(i.dim)} dimensions${i.seeds > 1 ? ` · mean of ${i.seeds} seeds` : ''}`
    : m.training.running ? 'Training…' : 'No model');
  const changed = i?.id !== activeId;
  activeId = i?.id;
  if (changed && hasModel) {
    // restore results after a reload / model switch; heavy tabs wait for an explicit action (see Tab.restore)
    const t = tabById(state.tab);
    if (t.restore) t.restore(); else t.run();
  }
}

function onShow(m: ShowMessage): void {
  note.hidden = !m.note;
  setText(note, m.note ?? '');
  const tab = m.tab ?? state.tab;
  select(tab);
  if (m.word !== undefined) {
    const t = tabById(tab);
    t.setWord?.(m.word);
    if (hasModel) t.run();
  }
}

host.notify({ type: 'ready' });
