// Smoke: the extension shows up in the workbench and trains on the workspace from the command palette.
/** @param {import('./workbench.mjs').Workbench} wb */
export async function trainFromCommandPalette(wb) {
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await wb.runCommand('Embedding Lens: Train Embeddings on Workspace');
  // Wait for any outcome so a failure is reported with its message instead of as a timeout.
  const text = await wb.notification(/Embedding Lens: (trained on|training (finished|failed|cancelled))|nothing to train|already training/i,
    { timeout: 180_000 });
  if (!/trained on \d[\d,]* files|training finished/i.test(text)) throw new Error(`training did not finish: ${text}`);
  await wb.clickActivityItem('Embedding Lens');
  await wb.screenshot('after-training');
}
trainFromCommandPalette.timeout = 240_000;
