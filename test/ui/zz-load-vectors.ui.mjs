// "Load Embeddings from File…" as a user meets it in the workbench: a file whose vectors are above
// embeddingLens.load.largeModelMB (set low here, so a small file stands in for GoogleNews-vectors) brings the
// size prompt; "Load the First N Words" loads the N most frequent ones, and the notification says so. Runs
// last (zz-): it leaves a loaded model active.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const WORDS = 30000;
const DIM = 100; // 30,000 × 100 × 4 bytes = 11.4 MiB of vectors, above the 8 MB set below

function binaryFile() {
  const header = Buffer.from(`${WORDS} ${DIM}\n`);
  const parts = [header];
  for (let i = 0; i < WORDS; i++) {
    const v = new Float32Array(DIM);
    for (let j = 0; j < DIM; j++) v[j] = Math.sin(i * 0.37 + j);
    parts.push(Buffer.from(`big${i} `), Buffer.from(v.buffer), Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** @param {import('./workbench.mjs').Workbench} wb */
export async function sizePromptOffersTheFirstWords(wb) {
  const page = wb.page;
  const settingsDir = join(wb.workspace, '.vscode');
  const settingsFile = join(settingsDir, 'settings.json');
  const before = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  const file = join(wb.workspace, '..', 'big-vectors.bin'); // outside the workspace folder: not a corpus file
  writeFileSync(file, binaryFile());
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ ...(before ? JSON.parse(before) : {}), 'embeddingLens.load.largeModelMB': 8 }, null, 2));
  try {
    await wb.open();
    await wb.waitForActivityItem('Embedding Lens');
    await wb.runCommand('Embedding Lens: Load Embeddings from File…');
    await wb.pickFileInDialog(file);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const text = await dialog.innerText();
    await wb.screenshot('size-prompt');
    assert.match(text, /big-vectors\.bin holds 30,000 words × 100 \(11\.4 MB\) of vectors, more than the 8\.0 MB set in embeddingLens\.load\.largeModelMB/, text);
    assert.match(text, /list the most frequent words first, so the first 20,971 words \(8\.0 MB\) keep the common vocabulary/, text);
    await dialog.locator('.monaco-button', { hasText: 'Load the First 20,971 Words' }).click();
    const done = await wb.notification(/Embedding Lens: (loaded|could not load)/, { timeout: 60_000 });
    assert.match(done, /loaded 20,971 vectors \(100 dimensions\) from big-vectors\.bin; the first 20,971 of 30,000 words/, done);
    await page.waitForTimeout(600); // let the toast fade in for the picture
    await wb.screenshot('loaded-the-first-words');
  } finally {
    if (before === undefined) rmSync(settingsFile, { force: true });
    else writeFileSync(settingsFile, before);
    rmSync(file, { force: true });
  }
}
sizePromptOffersTheFirstWords.timeout = 180_000;
