// Sidebar "Explorer": search with completion, neighbours list, model stats, model switcher, empty state.
import '../shared/elements';
import { LIMITS, type ModelChangedMessage, type ModelSummary, type Neighbour, type SidebarState } from '../../src/protocol';
import { clear, formatDate, formatInt, h, setText } from '../shared/dom';
import { stabilityHistogram, stabilityText } from '../shared/agreement';
import { isModelSourceKind, modelLabel } from '../../src/core/model-kinds';
import { HostClient, Latest } from '../shared/host';
import { ModelPicker } from '../shared/model-picker';
import { NeighbourList } from '../shared/neighbour-list';
import { learnedFromSection } from './learned-from';

const K = 20;
const SUGGESTIONS = 8;
const DEBOUNCE_MS = 150;

type TextField = HTMLElement & { value: string; focus(): void };

const app = document.getElementById('app')!;
let state: SidebarState = { word: '', query: '', onlyAgreed: false };
let hasModel = false;
let activeId: string | undefined;
let activeInfo: ModelSummary | undefined;
let lastResult: { neighbours: Neighbour[]; seeds: number; agreementK: number } | undefined;

const host: HostClient<SidebarState, 'sidebar'> = new HostClient<SidebarState, 'sidebar'>({
  onModel: (m) => onModel(m),
  onShow: (m) => { if (m.word) void explore(m.word); },
});
state = { ...state, ...(host.getState() ?? {}) };

// ---------------------------------------------------------------- layout
const picker = new ModelPicker((id) => host.notify({ type: 'models.select', modelId: id }));

const trainButton = h('vscode-button', { id: 'train' }, 'Train a model');
trainButton.addEventListener('click', () => host.notify({ type: 'model.train' }));
const trainingLine = h('div', { class: 'training', hidden: true }, h('vscode-progress-ring', { 'aria-label': 'Training' }), h('span', { class: 'training-text' }));
const empty = h('section', { class: 'empty', hidden: true },
  h('p', { text: 'No embeddings yet. Train word2vec on the text files of this workspace to explore which words are used alike.' }),
  trainButton, trainingLine);

const search = h('vscode-textfield', { id: 'search', placeholder: 'Search a word…', 'aria-label': 'Search a word', autocomplete: 'off', maxlength: LIMITS.wordLength }) as unknown as TextField;
const suggestions = h('ul', { class: 'suggestions', role: 'listbox', 'aria-label': 'Completions', hidden: true });
const searchBox = h('div', { class: 'search' }, search as unknown as HTMLElement, suggestions);

const heading = h('h2', { class: 'current' });
const openPanel = h('vscode-button', { secondary: true, class: 'open-panel', title: 'Open the explorer panel on this word' }, 'Open in panel');
openPanel.addEventListener('click', () => { if (state.word) host.notify({ type: 'panel.open', word: state.word, tab: 'neighbours' }); });
const headingRow = h('div', { class: 'heading-row', hidden: true }, heading, openPanel);
const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
const stabilityLine = h('p', { class: 'stability', hidden: true });
const agreedFilter = h('vscode-checkbox', { class: 'agreed-filter', label: 'Only neighbours most seeds agree on', hidden: true }) as HTMLElement & { checked: boolean };
agreedFilter.addEventListener('change', () => {
  state = { ...state, onlyAgreed: agreedFilter.checked };
  host.setState(state);
  renderList();
});
const list = new NeighbourList({
  label: 'Nearest neighbours',
  onOpen: (w) => void explore(w),
  onFind: (w) => host.notify({ type: 'word.findInFiles', word: w }),
});
const stats = h('dl', { class: 'stats' });
const stabilityDetails = h('div', { class: 'stability-details' });
const statsSection = h('section', { class: 'model', 'aria-label': 'Active model' }, h('h3', { text: 'Model' }), stats, stabilityDetails);
const learned = learnedFromSection();
const explorer = h('section', { class: 'explorer', hidden: true }, searchBox, headingRow, stabilityLine, agreedFilter, status, list.element, statsSection, learned.element);

app.replaceChildren(picker.element, empty, explorer);
app.removeAttribute('aria-busy');

// ---------------------------------------------------------------- model
function onModel(m: ModelChangedMessage): void {
  hasModel = m.info !== undefined;
  picker.update(m.models, m.info?.id);
  empty.hidden = hasModel;
  explorer.hidden = !hasModel;
  trainingLine.hidden = !m.training.running;
  (trainButton as HTMLElement & { disabled: boolean }).disabled = m.training.running;
  trainingLine.querySelector('.training-text')!.textContent =
    m.training.fraction !== undefined ? `Training… ${Math.round(m.training.fraction * 100)}%` : 'Training…';
  activeInfo = m.info;
  renderStats(m.info);
  agreedFilter.hidden = !m.info || m.info.seeds < 2;
  learned.render(m.info);
  const changed = m.info?.id !== activeId;
  activeId = m.info?.id;
  if (changed && hasModel && state.word) void explore(state.word); // (re)load for the new active model
}

function renderStats(info: ModelSummary | undefined): void {
  clear(stats);
  if (!info) return;
  const rows: [string, string][] = [
    ['Name', info.label],
    ['Kind', isModelSourceKind(info.kind) ? modelLabel(info.kind) : info.kind],
    ['Seeds', info.kind === 'imported' ? '–' : info.seeds === 1 ? '1 (one training run)' : `${info.seeds}, answers are their mean`],
    ['Vocabulary', `${formatInt(info.vocabSize)} words`],
    ['Tokens', formatInt(info.tokens)],
    ['Dimensions', formatInt(info.dim)],
    ['Files', formatInt(info.files)],
    ['Trained', formatDate(info.trainedAt)],
  ];
  for (const [k, v] of rows) stats.append(h('dt', { text: k }), h('dd', { text: v, title: v }));
  const st = info.stability;
  stabilityDetails.replaceChildren();
  if (st) {
    const least = h('ul', { class: 'least-stable', 'aria-label': 'Least stable frequent words' });
    for (const w of st.leastStable) {
      const b = h('button', { type: 'button', text: w.word, title: `stability ${w.stability.toFixed(2)}: explore` });
      b.addEventListener('click', () => void explore(w.word));
      least.append(h('li', {}, b));
    }
    stabilityDetails.append(
      h('h4', { text: `Stability across the ${st.seeds} seeds` }),
      h('p', { class: 'hint', text: `Median ${st.median.toFixed(2)} over the ${formatInt(st.words)} most frequent words: two seeds share ${(st.median * 10).toFixed(1)} of a word's top 10 (mean pairwise overlap@10).` }),
      stabilityHistogram(st),
      h('h4', { text: `The ${st.leastStable.length} least stable of them` }),
      least,
    );
  }
}

function renderList(): void {
  if (!lastResult) return;
  const hiddenCount = list.render(lastResult.neighbours, lastResult, state.onlyAgreed === true);
  if (hiddenCount > 0) setText(status, `${status.dataset.base ?? ''} · ${hiddenCount} that fewer than half the seeds agree on hidden`);
  else setText(status, status.dataset.base ?? '');
}

// ---------------------------------------------------------------- explore
const neighboursLatest = new Latest();

async function explore(word: string): Promise<void> {
  word = word.trim();
  if (!word) return;
  hideSuggestions();
  search.value = word;
  state = { ...state, word, query: word };
  host.setState(state);
  if (!hasModel) return;
  headingRow.hidden = false;
  setText(heading, word);
  setText(status, 'Searching…');
  status.classList.remove('error');
  try {
    const res = await neighboursLatest.run(host.request({ type: 'query.neighbours', word, k: K }));
    if (!res) return;
    setText(heading, res.word);
    state = { ...state, word: res.word, query: res.word };
    host.setState(state);
    stabilityLine.hidden = false;
    setText(stabilityLine, stabilityText(res.seeds, res.stability, activeInfo?.kind === 'imported'));
    status.dataset.base = res.neighbours.length ? `Nearest ${res.neighbours.length} words to ‘${res.word}’${res.seeds > 1 ? ` by mean cosine; n/${res.seeds}: in the top ${res.agreementK} of n seeds` : ''}` : 'No neighbours.';
    lastResult = res;
    renderList();
  } catch (err) {
    setText(status, err instanceof Error ? err.message : String(err));
    status.classList.add('error');
    stabilityLine.hidden = true;
    lastResult = undefined;
    list.render([]);
  }
}

// ---------------------------------------------------------------- completion
let debounce: ReturnType<typeof setTimeout> | undefined;
let highlighted = -1;
const completeLatest = new Latest();

function hideSuggestions(): void {
  clearTimeout(debounce);
  suggestions.hidden = true;
  clear(suggestions);
  highlighted = -1;
}

function highlight(i: number): void {
  const items = [...suggestions.children] as HTMLElement[];
  if (!items.length) return;
  highlighted = (i + items.length) % items.length;
  items.forEach((el, j) => { el.classList.toggle('active', j === highlighted); el.setAttribute('aria-selected', String(j === highlighted)); });
}

async function complete(prefix: string): Promise<void> {
  try {
    const res = await completeLatest.run(host.request({ type: 'vocab.complete', prefix, limit: SUGGESTIONS }));
    if (!res || search.value.trim() !== prefix) return;
    const words = res.words.filter((w) => w !== prefix || res.words.length > 1);
    highlighted = -1;
    suggestions.replaceChildren(...words.map((w) => {
      const li = h('li', { role: 'option', 'aria-selected': 'false', text: w });
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); void explore(w); });
      return li;
    }));
    suggestions.hidden = words.length === 0;
  } catch {
    hideSuggestions(); // an invalid prefix (e.g. a space) simply has no completions
  }
}

search.addEventListener('input', () => {
  const prefix = search.value.trim();
  state = { ...state, query: search.value };
  host.setState(state);
  clearTimeout(debounce);
  if (!prefix || !hasModel) { hideSuggestions(); return; }
  debounce = setTimeout(() => void complete(prefix), DEBOUNCE_MS);
});

search.addEventListener('keydown', (ev: KeyboardEvent) => {
  const open = !suggestions.hidden && suggestions.children.length > 0;
  switch (ev.key) {
    case 'ArrowDown':
      if (open) highlight(highlighted + 1); else list.focusFirst();
      break;
    case 'ArrowUp':
      if (open) highlight(highlighted - 1); else return;
      break;
    case 'Enter': {
      const picked = open && highlighted >= 0 ? suggestions.children[highlighted]?.textContent : undefined;
      void explore(picked ?? search.value);
      break;
    }
    case 'Escape':
      if (open) hideSuggestions(); else return;
      break;
    default: return;
  }
  ev.preventDefault();
});

search.addEventListener('blur', () => setTimeout(hideSuggestions, 100));

// ---------------------------------------------------------------- start
if (state.query) search.value = state.query;
agreedFilter.checked = state.onlyAgreed === true;
host.notify({ type: 'ready' });
