// A model belongs to the folder, not to the window: train, close the page, open a new page on the same
// address (code-server still holds the first window, so the new one gets a fresh storageUri), and the new
// window's status bar and sidebar show the same model without training.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Workbench } from './workbench.mjs';

const STATUS = /Embedding Lens: [\d.]+[kM]? words/;

async function statusItem(wb) {
  const item = wb.page.locator('.statusbar-item', { hasText: STATUS }).first();
  await item.waitFor({ timeout: 60_000 });
  return (await item.innerText()).trim();
}

async function trainedAt(wb) {
  await wb.clickActivityItem('Embedding Lens');
  const frame = await wb.webviewFrame('dl.stats');
  await frame.locator('section.explorer:not([hidden]) dl.stats dd').first().waitFor({ timeout: 30_000 });
  const stats = await frame.locator('dl.stats').innerText();
  await wb.screenshot('sidebar-stats');
  return stats.match(/Trained\s+(.+)/)?.[1]?.trim();
}

/** @param {Workbench} wb */
export async function modelSurvivesANewPage(wb) {
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await wb.runCommand('Embedding Lens: Train Embeddings on Workspace');
  await wb.notification(/Embedding Lens: trained on \d/, { timeout: 180_000 });
  const before = await statusItem(wb);
  const trained = await trainedAt(wb);
  assert.ok(trained, 'the sidebar shows when the model was trained');
  await wb.screenshot('first-page-with-model');

  const browser = wb.page.context().browser();
  await wb.page.context().close();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  try {
    const next = new Workbench({ page: await context.newPage(), url: wb.url, workspace: wb.workspace, dataDir: wb.dataDir, artifactsDir: join(wb.artifactsDir, 'new-page') });
    await next.open();
    await next.waitForActivityItem('Embedding Lens');
    assert.equal(await statusItem(next), before, 'the new page’s status bar shows the same model');
    await next.screenshot('new-page-status-bar-shows-the-model');
    assert.equal(await trainedAt(next), trained, 'the same model (same training time), found without training');
    await next.screenshot('new-page-sidebar');
  } finally {
    await context.close();
  }
}
modelSurvivesANewPage.timeout = 300_000;
