// Compare view end to end in the real workbench: run "Compare Word2vec CBOW with Corrected CBOW" from the
// palette (3 seeds per rule), read the verdict and the noise floor, the held-out score and quality with their
// intervals, search a word and read both neighbour lists with their agreement, open the map (PCA, then UMAP,
// both models side by side), and look at the Evaluate tab. Screenshots at each step (test-artifacts/ui/compare/).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FRAME_TIMEOUT = 60_000;
const COMPARE = 'Embedding Lens: Compare Word2vec CBOW with Corrected CBOW';

/** Counts the canvas pixels that are not fully transparent (the map really drew something). */
async function paintedPixels(frame, index) {
  return frame.evaluate((i) => {
    const c = document.querySelectorAll('canvas.map-canvas')[i];
    if (!c) return -1;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 3; k < data.length; k += 4) if (data[k] > 0) n++;
    return n;
  }, index);
}

/** Points embeddingLens.eval.* at the shared data (workspace settings; the extension ships no dataset). */
function configureEvaluationFiles(wb) {
  const dir = join(wb.workspace, '.vscode');
  const file = join(dir, 'settings.json');
  mkdirSync(dir, { recursive: true });
  const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  settings['embeddingLens.eval.analogies'] = join(wb.dataDir, 'analogy/questions-words.txt');
  settings['embeddingLens.eval.similarity'] = [join(wb.dataDir, 'similarity/EN-WS-353-ALL.txt'), join(wb.dataDir, 'similarity/EN-SIMLEX-999.txt')];
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** @param {import('./workbench.mjs').Workbench} wb */
export async function compareFromPaletteThenMap(wb) {
  configureEvaluationFiles(wb);
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');

  // 1. the command, from the palette; one progress notification for both runs
  await wb.runCommand(COMPARE);
  await wb.page.locator('.notifications-toasts .notification-toast', { hasText: /Embedding Lens: compare|Training|Reading/ }).first()
    .waitFor({ timeout: 30_000 }).catch(() => undefined);
  await wb.page.waitForTimeout(1500);
  await wb.screenshot('compare-progress');
  const done = await wb.notification(/compared word2vec CBOW and corrected CBOW/, { timeout: 380_000 });
  assert.match(done, /3 seeds each/);

  // 2. the Compare tab: the verdict first, then the rule's effect against the noise floor, held-out, quality, runs
  await wb.runCommand('Embedding Lens: Open Explorer Panel');
  const panel = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  await panel.locator('vscode-tabs:not([hidden])').waitFor({ timeout: 30_000 });
  await panel.locator('vscode-tab-header', { hasText: 'Compare' }).click();
  const tab = panel.locator('vscode-tab-panel[data-tab="compare"]');
  const verdict = tab.locator('section.verdict:not([hidden]) .verdict-text');
  await verdict.waitFor({ timeout: 30_000 });
  const verdictText = await verdict.innerText();
  assert.match(verdictText, /(No change in neighbourhoods beyond seed noise|The rule changes neighbourhoods beyond seed noise): excess change -?\d\.\d\d \[-?\d\.\d\d, -?\d\.\d\d\]/);
  assert.match(verdictText, /within-rule overlap@10 \d\.\d\d \(word2vec CBOW\) and \d\.\d\d \(corrected CBOW\)/);
  assert.match(verdictText, /Each rule ran at its default α/);
  console.log(`      verdict: ${verdictText}`);
  const noise = await tab.locator('table.noise tbody').innerText();
  assert.match(noise, /within word2vec CBOW \(its noise floor\)\s+\d\.\d\d \[\d\.\d\d, \d\.\d\d\]/);
  assert.match(noise, /excess change: noise floor − between\s+-?\d\.\d\d \[/);
  assert.equal(await tab.locator('table.held-out tbody tr').count(), 3, 'both rules and their difference');
  assert.equal(await tab.locator('svg.loss-chart polyline').count(), 6, 'a loss curve for every seed of both rules');
  assert.equal(await tab.locator('table.runs tbody tr').count(), 2);
  await wb.screenshot('compare-tab-verdict-and-noise-floor');
  await tab.locator('table.held-out').scrollIntoViewIfNeeded();
  await wb.screenshot('compare-tab-held-out-and-quality');
  await tab.locator('svg.loss-chart').scrollIntoViewIfNeeded();
  await wb.screenshot('compare-tab-runs-and-loss-curves');
  // Quality: the configured files, each rule with its interval and coverage (or why the file says nothing)
  const quality = await tab.locator('.quality-row').allInnerTexts();
  assert.equal(quality.length, 3, quality.join('\n'));
  assert.ok(quality.some((q) => /questions-words\.txt/.test(q) && /covered/.test(q)));
  // the bug, explained, is one click away
  await tab.locator('details.bug-details summary').click();
  assert.match(await tab.locator('.bug-note').innerText(), /mean C = \d+\.\d+/);
  assert.match(await tab.locator('.diff-line').nth(1).innerText(), /v_c \+= e \/ C/);

  // 3. search a word; read both neighbour lists
  const input = tab.locator('vscode-textfield[aria-label="Word"] input');
  await input.fill('community');
  await input.press('Enter');
  const lists = tab.locator('.compare-word ul.compare-list');
  await lists.nth(1).locator('li.row').first().waitFor({ timeout: 30_000 });
  const read = async (i) => lists.nth(i).locator('li.row .word').allInnerTexts();
  const [left, right] = [await read(0), await read(1)];
  assert.equal(left.length, 10);
  assert.equal(right.length, 10);
  const shared = left.filter((w) => right.includes(w));
  assert.equal(await lists.nth(0).locator('li.row.shared').count(), shared.length, 'shared neighbours are highlighted');
  const status = await tab.locator('section.per-word p.status').innerText();
  assert.match(status, new RegExp(`share ${shared.length} of their top 10`));
  assert.match(status, /noise floor \d\.\d\d .* excess change -?\d\.\d\d \[/);
  assert.equal(await lists.nth(0).locator('.agree').count(), 10, 'each neighbour shows its agreement within its rule');
  console.log(`      community: word2vec CBOW [${left.join(', ')}] | corrected CBOW [${right.join(', ')}]`);
  await tab.locator('section.per-word').scrollIntoViewIfNeeded();
  await wb.screenshot('compare-word-community');

  // a word changed beyond noise, if any, is clickable
  if (await tab.locator('ol.changed.most button.chip').count()) {
    const changed = (await tab.locator('ol.changed.most button.chip .word').first().innerText()).trim();
    await tab.locator('ol.changed.most button.chip').first().click();
    await panel.waitForFunction((w) => document.querySelector('section.per-word p.status')?.textContent?.includes(`‘${w}’`), changed, { timeout: 30_000 });
    await tab.locator('section.per-word').scrollIntoViewIfNeeded();
    await wb.screenshot(`compare-word-most-changed-${changed}`);
  }

  // 4. the map: both models side by side after alignment (PCA), then UMAP
  await input.fill('community');
  await input.press('Enter');
  await panel.waitForFunction(() => document.querySelector('section.per-word p.status')?.textContent?.includes('‘community’'), undefined, { timeout: 30_000 });
  await tab.locator('vscode-button', { hasText: 'Show both on the map' }).click();
  const map = panel.locator('vscode-tab-panel[data-tab="map"]');
  await map.locator('p.status', { hasText: 'PCA in' }).waitFor({ timeout: 60_000 });
  assert.equal(await map.locator('figure.map').count(), 2);
  assert.ok((await paintedPixels(panel, 0)) > 500, 'the first map drew');
  assert.ok((await paintedPixels(panel, 1)) > 500, 'the second map drew');
  await wb.screenshot('map-compare-pca');
  await map.locator('select[aria-label="Method"]').selectOption('umap');
  await map.locator('p.status', { hasText: 'UMAP in' }).waitFor({ timeout: 120_000 });
  await wb.screenshot('map-compare-umap');

  // zoom with the wheel, then click a point to explore it (the map recentres on that word)
  const canvas = map.locator('canvas.map-canvas').first();
  const box = await canvas.boundingBox();
  await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await wb.page.mouse.wheel(0, -400);
  await wb.page.waitForTimeout(300);
  await wb.screenshot('map-zoomed');
  await map.locator('select[aria-label="Models"]').selectOption('active');
  await map.locator('p.status', { hasText: 'UMAP in' }).waitFor({ timeout: 120_000 });
  assert.equal(await map.locator('figure.map').count(), 1);
  await wb.screenshot('map-active-umap');

  // 5. Evaluate: the configured files against the active model; per-section accuracy, coverage, failures, time
  await panel.locator('vscode-tab-header', { hasText: 'Evaluate' }).click();
  const ev = panel.locator('vscode-tab-panel[data-tab="evaluate"]');
  await ev.locator('p.hint', { hasText: 'questions-words.txt' }).waitFor({ timeout: 30_000 });
  await ev.locator('vscode-button', { hasText: 'Evaluate the active model' }).click();
  await ev.locator('p.status', { hasText: /evaluated in/ }).waitFor({ timeout: 120_000 });
  assert.ok((await ev.locator('table.eval-analogies tbody tr').count()) >= 3 + 14, 'totals and 14 sections');
  assert.ok((await ev.locator('.failures details').count()) >= 1, 'failed questions listed');
  await ev.locator('.failures details summary').first().click();
  await wb.screenshot('evaluate-tab');
}
compareFromPaletteThenMap.timeout = 600_000;
