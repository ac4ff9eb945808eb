// Containment in the real workbench (issue 15): words with bidi, zero-width and control characters are shown
// as visible ⟨U+XXXX⟩ codes in the hover, the sidebar and the panel (their data keeps the real word); a map
// is not redrawn by itself when the panel is restored after a reload; the Projector export asks before it
// replaces an existing metadata.tsv. Runs after the other UI files (name order). Screenshots:
// test-artifacts/ui/visible-text/<test>/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FRAME_TIMEOUT = 60_000;
const ANCHOR = 'mirrorword';
// a right-to-left override, a zero-width space, ESC and a word joiner inside words
const TRICKY = ['admin\u202etxt.exe', 'pay\u200bpal', 'esc\u001b[31mred', 'join\u2060ed'];
const SHOWN = ['admin⟨U+202E⟩txt.exe', 'pay⟨U+200B⟩pal', 'esc⟨U+001B⟩[31mred', 'join⟨U+2060⟩ed'];

function vectorsText() {
  const dim = 6;
  const vec = (f) => Array.from({ length: dim }, (_, i) => f(i).toFixed(5)).join(' ');
  const rows = [`${ANCHOR} ${vec((i) => (i === 0 ? 1 : 0))}`];
  TRICKY.forEach((w, k) => rows.push(`${w} ${vec((i) => (i === 0 ? 1 : i === 1 + k ? 0.1 + 0.1 * k : 0))}`));
  ['north', 'south', 'east', 'west', 'up', 'down', 'left', 'right'].forEach((w, k) => rows.push(`${w} ${vec((i) => (i === 0 ? 0.2 : i === k % dim ? 1 : 0.05))}`));
  return `${rows.length} ${dim}\n${rows.join('\n')}\n`;
}

/** Waits until the model index is read (the status bar names a model), so the model commands are enabled. */
async function modelReady(wb) {
  await wb.page.locator('.statusbar-item', { hasText: /Embedding Lens: [\d.,]+k? words/ }).first().waitFor({ timeout: 60_000 });
}

async function loadTrickyVectors(wb) {
  const file = join(wb.workspace, '..', 'tricky.vec'); // beside the workspace folder: not a corpus file
  writeFileSync(file, vectorsText());
  await wb.runCommand('Embedding Lens: Load Embeddings from File…');
  await wb.pickFileInDialog(file);
  const loaded = await wb.notification(/Embedding Lens: (loaded|could not load)/, { timeout: 60_000 });
  assert.match(loaded, new RegExp(`loaded ${TRICKY.length + 9} vectors`), loaded);
  await wb.page.keyboard.press('Escape');
}

/** No raw control, bidi or invisible character in the text (the visible codes are fine). */
function assertNoRaw(text, what) {
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/, `${what}: a raw control/bidi/invisible character is shown`);
}

/** @param {import('./workbench.mjs').Workbench} wb */
export async function bidiAndInvisibleCharactersAreShownAsCodes(wb) {
  writeFileSync(join(wb.workspace, 'mirror-notes.md'), `# Mirror\n\nThe ${ANCHOR} stands here.\n`);
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await loadTrickyVectors(wb);

  // the hover: each tricky neighbour appears as its visible code
  await wb.openFile('mirror-notes.md');
  await wb.page.mouse.move(5, 5);
  const hover = await wb.hover(ANCHOR);
  assertNoRaw(hover, 'hover');
  for (const s of SHOWN) assert.ok(hover.includes(s), `hover lacks ${s}: ${hover}`);
  await wb.screenshot('hover-visible-codes');
  await wb.page.keyboard.press('Escape');
  await wb.page.mouse.move(5, 5);

  // the sidebar: rows read the codes; data-word keeps the real word (clicking explores the real word)
  await wb.clickActivityItem('Embedding Lens');
  const sidebar = await wb.webviewFrame('body.el-sidebar #app > *', { timeout: FRAME_TIMEOUT });
  const input = sidebar.locator('#search input');
  await input.fill(ANCHOR);
  await input.press('Enter');
  await sidebar.locator('ul.neighbours li.row').nth(TRICKY.length - 1).waitFor({ timeout: 30_000 });
  const rows = await sidebar.evaluate(() => [...document.querySelectorAll('ul.neighbours li.row')].map((li) => ({ shown: li.querySelector('.word').textContent, word: li.dataset.word, title: li.title })));
  assert.deepEqual(rows.slice(0, TRICKY.length).map((r) => r.shown), SHOWN, JSON.stringify(rows));
  assert.deepEqual(rows.slice(0, TRICKY.length).map((r) => r.word), TRICKY, 'data-word keeps the real word');
  for (const r of rows) assertNoRaw(r.title, 'row tooltip');
  assertNoRaw(await sidebar.evaluate(() => document.getElementById('app').textContent), 'sidebar');
  await wb.screenshot('sidebar-visible-codes');
  await sidebar.locator('ul.neighbours li.row').first().click(); // the RLO word, explored by its real value
  await sidebar.locator('h2.current', { hasText: SHOWN[0] }).waitFor({ timeout: 15_000 });
  await sidebar.locator('p.status', { hasText: 'Nearest' }).waitFor({ timeout: 15_000 });
  assertNoRaw(await sidebar.locator('h2.current').innerText(), 'heading');
  await wb.screenshot('sidebar-explored-rlo-word');

  // the panel's Neighbours tab
  await wb.runCommand('Embedding Lens: Open Explorer Panel');
  const panel = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  await panel.locator('vscode-tabs:not([hidden])').waitFor({ timeout: 30_000 });
  await panel.locator('vscode-tab-header', { hasText: 'Neighbours' }).first().click();
  const word = panel.locator('vscode-tab-panel[data-tab="neighbours"] vscode-textfield[aria-label="Word"] input');
  await word.fill(ANCHOR);
  await word.press('Enter');
  await panel.locator('vscode-tab-panel[data-tab="neighbours"] li.row').nth(TRICKY.length - 1).waitFor({ timeout: 30_000 });
  const shown = await panel.locator('vscode-tab-panel[data-tab="neighbours"] li.row .word').allInnerTexts();
  assert.deepEqual(shown.slice(0, TRICKY.length), SHOWN);
  assertNoRaw(await panel.evaluate(() => document.getElementById('app').textContent), 'panel');
  await wb.screenshot('panel-visible-codes');
}
bidiAndInvisibleCharactersAreShownAsCodes.timeout = 300_000;

/** @param {import('./workbench.mjs').Workbench} wb */
export async function restoredPanelDoesNotRedrawTheMap(wb) {
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await loadTrickyVectors(wb); // the map is of ANCHOR in this (small) model
  await wb.runCommand('Embedding Lens: Open Explorer Panel');
  let panel = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  await panel.locator('vscode-tabs:not([hidden])').waitFor({ timeout: 30_000 });
  await panel.locator('vscode-tab-header', { hasText: 'Map' }).first().click();
  let map = panel.locator('vscode-tab-panel[data-tab="map"]');
  await map.locator('vscode-textfield[aria-label="Word"] input').fill(ANCHOR);
  await map.locator('select[aria-label="Models"]').selectOption('active');
  await map.locator('select[aria-label="Method"]').selectOption('pca');
  await map.locator('vscode-textfield[aria-label="Neighbours"] input').fill('5');
  await map.locator('vscode-button', { hasText: 'Draw' }).click();
  await map.locator('p.status', { hasText: 'PCA in' }).waitFor({ timeout: 60_000 });
  assert.equal(await map.locator('figure.map').count(), 1);
  await wb.screenshot('map-drawn');

  await wb.page.evaluate(() => { globalThis.__elBeforeReload = true; });
  await wb.runCommand('Developer: Reload Window');
  await wb.page.waitForFunction(() => !globalThis.__elBeforeReload, undefined, { timeout: 60_000 });
  await wb.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  panel = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  map = panel.locator('vscode-tab-panel[data-tab="map"]');
  // restored on the Map tab with its inputs, waiting for an explicit Draw
  await map.locator('p.status', { hasText: `Press Draw to draw the map of ‘${ANCHOR}’.` }).waitFor({ timeout: 60_000 });
  assert.equal(await map.locator('vscode-textfield[aria-label="Word"] input').inputValue(), ANCHOR);
  assert.equal(await map.locator('figure.map').count(), 0, 'the map was drawn without an explicit action');
  await wb.screenshot('map-restored-waiting');
  await map.locator('vscode-button', { hasText: 'Draw' }).click();
  await map.locator('p.status', { hasText: 'PCA in' }).waitFor({ timeout: 60_000 });
  assert.equal(await map.locator('figure.map').count(), 1);
  await wb.screenshot('map-drawn-after-draw');
}
restoredPanelDoesNotRedrawTheMap.timeout = 300_000;

/** @param {import('./workbench.mjs').Workbench} wb */
export async function projectorExportAsksBeforeReplacingMetadata(wb) {
  const dir = mkdtempSync(join(tmpdir(), 'el-ui-export-'));
  const meta = join(dir, 'metadata.tsv');
  writeFileSync(meta, 'precious labels\n');
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await modelReady(wb);
  const exportTo = async () => {
    await wb.runCommand('Embedding Lens: Export Embeddings…');
    const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'TensorFlow Projector' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await wb.pickFileInDialog(join(dir, 'vectors.tsv'));
  };
  const dialog = wb.page.locator('.monaco-dialog-box');

  await exportTo();
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.innerText(), /metadata\.tsv already exists in this folder\. Replace it\?/);
  await wb.screenshot('asks-before-replacing-metadata');
  await dialog.locator('a.monaco-button', { hasText: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  await wb.page.waitForTimeout(500);
  assert.equal(readFileSync(meta, 'utf8'), 'precious labels\n', 'cancel kept metadata.tsv');

  await exportTo();
  // the save dialog may first confirm replacing vectors.tsv if the earlier run wrote it; it did not (cancelled)
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.locator('a.monaco-button', { hasText: 'Replace' }).click();
  const done = await wb.notification(/Embedding Lens: (exported|could not export)/, { timeout: 60_000 });
  assert.match(done, /exported \d[\d,]* vectors to vectors\.tsv and metadata\.tsv/, done);
  assert.notEqual(readFileSync(meta, 'utf8'), 'precious labels\n', 'Replace wrote the words');
  await wb.screenshot('replaced-after-asking');
}
projectorExportAsksBeforeReplacingMetadata.timeout = 240_000;
