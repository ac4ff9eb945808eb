// Explorer views in the real workbench: the sidebar (empty state -> train, search with completion, neighbours,
// find in files), the hover's explore link, and the panel (neighbours with bars, analogies, restore after reload).
// Files run in name order, so this one trains through the sidebar's empty-state button when no model exists yet.
import assert from 'node:assert/strict';

const FRAME_TIMEOUT = 60_000;

/** @param {import('./workbench.mjs').Workbench} wb */
async function sidebarFrame(wb) {
  return wb.webviewFrame('body.el-sidebar #app > *', { timeout: FRAME_TIMEOUT });
}

/** @param {import('./workbench.mjs').Workbench} wb */
async function ensureModel(wb, frame) {
  // Either the explorer (a model exists) or the empty state shows, after the first model.changed.
  await frame.locator('section.explorer:not([hidden]), section.empty:not([hidden])').first().waitFor({ timeout: 30_000 });
  if (await frame.locator('section.empty:not([hidden])').count()) {
    await wb.screenshot('sidebar-empty-state');
    await frame.locator('#train').click();
    await wb.page.waitForTimeout(1500);
    await wb.screenshot('training-started');
    await frame.locator('section.explorer:not([hidden])').waitFor({ timeout: 200_000 });
  }
  await wb.screenshot('sidebar-with-model');
}

/** Opens the workbench and the sidebar; trains through the empty state when there is no model yet. */
async function openWithModel(wb) {
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await wb.clickActivityItem('Embedding Lens');
  const frame = await sidebarFrame(wb);
  await ensureModel(wb, frame);
  return frame;
}

/** @param {import('./workbench.mjs').Workbench} wb */
export async function sidebarSearchAndNeighbours(wb) {
  const frame = await openWithModel(wb);

  // stats of the active model
  const stats = await frame.locator('dl.stats').innerText();
  assert.match(stats, /Vocabulary\s+[\d,]+ words/);
  assert.match(stats, /Dimensions\s+\d+/);

  // completion from the vocabulary
  const input = frame.locator('#search input');
  await input.click();
  await input.pressSequentially('kube', { delay: 60 });
  const suggestion = frame.locator('ul.suggestions:not([hidden]) li').first();
  await suggestion.waitFor({ timeout: 15_000 });
  const completions = await frame.locator('ul.suggestions li').allInnerTexts();
  assert.ok(completions.length > 0 && completions.every((w) => w.toLowerCase().startsWith('kube')), `completions: ${completions}`);
  await wb.screenshot('completion-kube');

  // ArrowDown + Enter picks the first completion and lists its neighbours
  await input.press('ArrowDown');
  await input.press('Enter');
  const rows = frame.locator('ul.neighbours li.row');
  await rows.first().waitFor({ timeout: 30_000 });
  const heading = await frame.locator('h2.current').innerText();
  assert.equal(heading, completions[0]);
  const first = await rows.locator('.word').allInnerTexts();
  assert.ok(first.length >= 5, `neighbours of ${heading}: ${first}`);
  await wb.screenshot(`neighbours-of-${heading}`);

  // clicking a neighbour explores it: the heading and the list change
  const next = first[1];
  await rows.nth(1).click();
  await frame.locator('h2.current', { hasText: next }).waitFor({ timeout: 15_000 });
  // the list is the new word's once the status names it (its first neighbour may be the same as before)
  await frame.locator('p.status', { hasText: `‘${next}’` }).waitFor({ timeout: 15_000 });
  const second = await rows.locator('.word').allInnerTexts();
  assert.notDeepEqual(second, first);
  assert.ok(!second.includes(next), `a word is not its own neighbour: ${second}`);
  await wb.screenshot(`clicked-neighbour-${next}`);

  // keyboard: ArrowDown from the search box moves into the list, Enter explores the focused row
  await input.click();
  await input.press('Escape');
  await input.press('ArrowDown');
  await frame.locator('ul.neighbours li.row:focus').waitFor({ timeout: 5_000 });
  await frame.locator('ul.neighbours li.row:focus').press('ArrowDown');
  const focused = await frame.locator('ul.neighbours li.row:focus .word').innerText();
  await wb.screenshot('keyboard-focus-in-list');
  await frame.locator('ul.neighbours li.row:focus').press('Enter');
  await frame.locator('h2.current', { hasText: focused }).waitFor({ timeout: 15_000 });

  // an unknown word shows a friendly error
  await input.fill('zzqqxxnotaword');
  await input.press('Enter');
  await frame.locator('p.status.error', { hasText: "'zzqqxxnotaword' is not in the vocabulary" }).waitFor({ timeout: 15_000 });
  await wb.screenshot('oov-error');

  // find in files: the row's button opens the Search view with the word
  await input.fill(focused);
  await input.press('Enter');
  await rows.first().waitFor({ timeout: 15_000 });
  const target = await rows.first().locator('.word').innerText();
  await rows.first().hover();
  await rows.first().locator('button.find').click();
  const searchInput = wb.page.locator('.search-view .search-widget textarea, .search-view .search-widget input').first();
  await searchInput.waitFor({ timeout: 15_000 });
  await wb.page.waitForFunction((w) => {
    const el = document.querySelector('.search-view .search-widget textarea, .search-view .search-widget input');
    return el && /** @type {HTMLInputElement} */ (el).value === w;
  }, target, { timeout: 15_000 });
  await wb.page.locator('.search-view .monaco-list-row, .search-view .message').first().waitFor({ timeout: 15_000 });
  await wb.screenshot(`find-in-files-${target}`);
}
sidebarSearchAndNeighbours.timeout = 300_000;

/** @param {import('./workbench.mjs').Workbench} wb */
export async function hoverThenExplore(wb) {
  await openWithModel(wb);
  await wb.openFile('README.md');
  const text = await wb.hover('community');
  assert.match(text, /Embedding Lens/);
  assert.match(text, /\d\.\d\d/);
  // the hover's first neighbour link runs embeddingLens.explore -> the sidebar shows it
  const link = wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content li a').first();
  const word = (await link.innerText()).trim();
  await link.click();
  const frame = await sidebarFrame(wb);
  await frame.locator('h2.current', { hasText: word }).waitFor({ timeout: 30_000 });
  await frame.locator('ul.neighbours li.row').first().waitFor({ timeout: 15_000 });
  await wb.screenshot(`hover-explore-${word}`);

  // the hover's "Compare across models" link opens the panel's Compare tab on the word (its lists when a
  // comparison was trained, e.g. by compare.ui.mjs, else the "No comparison yet" state with its button)
  await wb.page.keyboard.press('Escape');
  await wb.hover('community');
  await wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content a', { hasText: 'Compare across models' }).click();
  const panel = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  const compare = panel.locator('vscode-tab-panel[data-tab="compare"]');
  await compare.locator('.compare-word ul.compare-list li.row, section.compare-empty:not([hidden])').first().waitFor({ timeout: 30_000 });
  assert.equal(await compare.locator('vscode-textfield[aria-label="Word"] input').inputValue(), 'community');
  await wb.screenshot('compare-word-from-hover');
}
hoverThenExplore.timeout = 300_000;

/** @param {import('./workbench.mjs').Workbench} wb */
export async function panelAnalogyAndRestore(wb) {
  await openWithModel(wb);
  await wb.runCommand('Embedding Lens: Open Explorer Panel');
  let frame = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  await frame.locator('vscode-tabs:not([hidden])').waitFor({ timeout: 30_000 });
  await wb.screenshot('panel-open');

  // Neighbours tab with similarity bars
  const nWord = frame.locator('vscode-tab-panel[data-tab="neighbours"] vscode-textfield[aria-label="Word"] input');
  await nWord.fill('kubernetes');
  await nWord.press('Enter');
  const nRows = frame.locator('vscode-tab-panel[data-tab="neighbours"] li.row');
  await nRows.first().waitFor({ timeout: 30_000 });
  assert.equal(await nRows.count(), 20);
  const width = await nRows.first().locator('.bar .fill').evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(width > 0, 'the similarity bar is drawn');
  await wb.screenshot('panel-neighbours-kubernetes');

  // Analogies: a : b :: c : ?
  await frame.locator('vscode-tab-header', { hasText: 'Analogies' }).click();
  const tab = frame.locator('vscode-tab-panel[data-tab="analogies"]');
  await tab.locator('vscode-textfield[aria-label="a"] input').fill('contributor');
  await tab.locator('vscode-textfield[aria-label="b"] input').fill('contributors');
  await tab.locator('vscode-textfield[aria-label="c"] input').fill('member');
  await tab.locator('vscode-textfield[aria-label="c"] input').press('Enter');
  await tab.locator('section').nth(1).locator('li.row').first().waitFor({ timeout: 30_000 });
  const add = await tab.locator('section').nth(0).locator('li.row .word').allInnerTexts();
  const mul = await tab.locator('section').nth(1).locator('li.row .word').allInnerTexts();
  assert.equal(add.length, 10);
  assert.equal(mul.length, 10);
  for (const w of ['contributor', 'contributors', 'member']) assert.ok(!add.includes(w) && !mul.includes(w), `${w} is excluded`);
  const summary = await tab.locator('p.status').innerText();
  assert.match(summary, /^contributor : contributors :: member : \S+$/);
  await wb.screenshot(`panel-analogy-${add[0]}`);

  // Similarity
  await frame.locator('vscode-tab-header', { hasText: 'Similarity' }).click();
  const sim = frame.locator('vscode-tab-panel[data-tab="similarity"]');
  await sim.locator('vscode-textfield[aria-label="First word"] input').fill('cluster');
  await sim.locator('vscode-textfield[aria-label="Second word"] input').fill('clusters');
  await sim.locator('vscode-textfield[aria-label="Second word"] input').press('Enter');
  await sim.locator('.similarity-value:not([hidden]) .number').waitFor({ timeout: 15_000 });
  await wb.screenshot('panel-similarity');

  // Odd one out
  await frame.locator('vscode-tab-header', { hasText: 'Odd one out' }).click();
  const odd = frame.locator('vscode-tab-panel[data-tab="oddOneOut"]');
  await odd.locator('vscode-textfield[aria-label="Words"] input').fill('community contributors members kubelet');
  await odd.locator('vscode-textfield[aria-label="Words"] input').press('Enter');
  await odd.locator('li.row').nth(3).waitFor({ timeout: 15_000 });
  await wb.screenshot('panel-odd-one-out');

  // back to Analogies, then reload the window: the serializer restores the panel, tab and inputs
  await frame.locator('vscode-tab-header', { hasText: 'Analogies' }).click();
  await wb.page.waitForTimeout(500);
  // Reload through the workbench (as a user would) so that it saves its state first; a bare page.reload()
  // may skip the web workbench's asynchronous state flush.
  await wb.page.evaluate(() => { globalThis.__elBeforeReload = true; });
  await wb.runCommand('Developer: Reload Window');
  await wb.page.waitForFunction(() => !globalThis.__elBeforeReload, undefined, { timeout: 60_000 });
  await wb.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  frame = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  const restored = frame.locator('vscode-tab-panel[data-tab="analogies"]');
  await restored.locator('section').nth(0).locator('li.row').first().waitFor({ timeout: 60_000 });
  assert.equal(await restored.locator('vscode-textfield[aria-label="c"] input').inputValue(), 'member');
  assert.deepEqual(await restored.locator('section').nth(0).locator('li.row .word').allInnerTexts(), add);
  await wb.screenshot('panel-restored-after-reload');
}
panelAnalogyAndRestore.timeout = 300_000;
