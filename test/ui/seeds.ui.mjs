// Several seeds in the real workbench: a hover whose neighbours carry their agreement ("3/3"), the sidebar's
// "most seeds agree" toggle, and the model stats with the stability histogram, each with a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** @param {import('./workbench.mjs').Workbench} wb */
export async function threeSeedsAgreementAndStability(wb) {
  // a workspace setting, as a user would set it in .vscode/settings.json
  const settingsFile = join(wb.workspace, '.vscode', 'settings.json');
  mkdirSync(join(wb.workspace, '.vscode'), { recursive: true });
  const previous = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  writeFileSync(settingsFile, JSON.stringify({ ...(previous ? JSON.parse(previous) : {}), 'embeddingLens.seeds': '3', 'embeddingLens.epochs': 20 }, null, 2));
  try {
    await wb.open();
    await wb.waitForActivityItem('Embedding Lens');
    await wb.runCommand('Embedding Lens: Train Embeddings on Workspace');
    const done = await wb.notification(/Embedding Lens: trained on \d/, { timeout: 240_000 });
    assert.match(done, /3 seeds \(median stability of the frequent words \d\.\d\d\)/);

    // 1. the hover: each neighbour with n/3, and what the list rests on
    await wb.openFile('README.md');
    const text = await wb.hover('community');
    assert.match(text, /3 seeds · (stable|fairly stable|unstable) \(stability \d\.\d\d\)/, text);
    const marks = text.match(/ · [0-3]\/3/g) ?? [];
    assert.ok(marks.length >= 3, `agreement marks in the hover: ${text}`);
    await wb.screenshot('hover-with-agreement-marks');

    // 2. the sidebar: agreement badges, the word's stability, the toggle
    await wb.clickActivityItem('Embedding Lens');
    const frame = await wb.webviewFrame('body.el-sidebar section.explorer:not([hidden])');
    const input = frame.locator('#search input');
    await input.fill('community');
    await input.press('Enter');
    const rows = frame.locator('ul.neighbours li.row');
    await rows.first().waitFor({ timeout: 30_000 });
    await frame.locator('p.stability', { hasText: 'Averaged over 3 seeds' }).waitFor({ timeout: 15_000 });
    const badges = await frame.locator('ul.neighbours .agree').allInnerTexts();
    assert.equal(badges.length, await rows.count(), 'every neighbour shows its agreement');
    assert.ok(badges.every((b) => /^[0-3]\/3$/.test(b)), badges.join(' '));
    await wb.screenshot('sidebar-agreement-badges');
    const few = badges.filter((b) => Number(b[0]) * 2 < 3).length;
    await frame.locator('vscode-checkbox.agreed-filter').click();
    await frame.waitForFunction((n) => document.querySelectorAll('ul.neighbours li.row').length === n, badges.length - few, { timeout: 15_000 });
    const kept = await frame.locator('ul.neighbours .agree').allInnerTexts();
    assert.ok(kept.every((b) => Number(b[0]) * 2 >= 3), `only neighbours most seeds agree on: ${kept.join(' ')}`);
    if (few > 0) await frame.locator('p.status', { hasText: `${few} that fewer than half the seeds agree on hidden` }).waitFor({ timeout: 15_000 });
    await wb.screenshot('sidebar-toggle-most-seeds-agree');
    await frame.locator('vscode-checkbox.agreed-filter').click();
    await frame.waitForFunction((n) => document.querySelectorAll('ul.neighbours li.row').length === n, badges.length, { timeout: 15_000 });

    // 3. the model stats: 3 seeds, the median stability, the histogram and the least stable words
    const stats = await frame.locator('dl.stats').innerText();
    assert.match(stats, /Seeds\s+3, answers are their mean/);
    await frame.locator('figure.stability-hist .hist-bar').first().waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('figure.stability-hist .hist-bar').count(), 10);
    assert.match(await frame.locator('figure.stability-hist figcaption').innerText(), /stability of the [\d,]+ most frequent words \(median \d\.\d\d\)/);
    assert.equal(await frame.locator('ul.least-stable li').count(), 20);
    await frame.locator('figure.stability-hist').scrollIntoViewIfNeeded();
    await wb.screenshot('sidebar-stats-stability-histogram');
  } finally {
    if (previous === undefined) writeFileSync(settingsFile, '{}'); else writeFileSync(settingsFile, previous);
  }
}
threeSeedsAgreementAndStability.timeout = 360_000;
