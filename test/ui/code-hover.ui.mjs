// Hovers on identifiers in source files, in the real workbench: train on requests + vscode-extension-samples
// (comments, strings and identifiers through the tree-sitter grammars), then hover HTTPAdapter in adapters.py
// and registerCommand in a sample's extension.ts. Screenshots: test-artifacts/ui/code-hover/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const workspace = 'code';

/** Small, fast training settings in the workspace's .vscode/settings.json (read when the workbench opens). */
function fastSettings(wb) {
  const dir = join(wb.workspace, '.vscode');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'embeddingLens.epochs': 5, 'embeddingLens.dimensions': 50 }, null, 2));
}

/** The 1-based line of the first occurrence of `needle` in a workspace file. */
function lineOf(wb, rel, needle) {
  const lines = readFileSync(join(wb.workspace, rel), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${rel}`);
  return i + 1;
}

/** @param {import('./workbench.mjs').Workbench} wb */
export async function hoverOnIdentifiersInPythonAndTypeScript(wb) {
  fastSettings(wb);
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await wb.runCommand('Embedding Lens: Train Embeddings on Workspace');
  const done = await wb.notification(/Embedding Lens: trained on/, { timeout: 300_000 });
  assert.match(done, /Python/);
  assert.match(done, /TypeScript/);

  await wb.openFile('requests/src/requests/adapters.py');
  await wb.goToLine(lineOf(wb, 'requests/src/requests/adapters.py', 'class HTTPAdapter'));
  const py = await wb.hover('HTTPAdapter');
  assert.match(py, /nearest to/, py);
  assert.match(py, /http_adapter|http \+ adapter/, py);
  assert.ok(py.split('\n').filter((l) => /\d\.\d\d(\s*·\s*\d+\/\d+)?\s*$/.test(l)).length >= 3, `neighbours with similarities: ${py}`);
  await wb.page.mouse.move(5, 5);

  await wb.openFile('vscode-extension-samples/helloworld-sample/src/extension.ts');
  await wb.goToLine(lineOf(wb, 'vscode-extension-samples/helloworld-sample/src/extension.ts', 'commands.registerCommand'));
  const ts = await wb.hover('registerCommand');
  assert.match(ts, /nearest to/, ts);
  assert.match(ts, /register_command|register \+ command/, ts);
  assert.ok(ts.split('\n').filter((l) => /\d\.\d\d(\s*·\s*\d+\/\d+)?\s*$/.test(l)).length >= 3, `neighbours with similarities: ${ts}`);

  // the sidebar's model stats say what the model learned from
  await wb.clickActivityItem('Embedding Lens');
  const frame = await wb.webviewFrame('section.learned:not([hidden]) dl.learned-from dt');
  await wb.page.mouse.move(800, 500); // away from the activity bar's tooltip
  const learned = await frame.locator('section.learned').innerText();
  assert.match(learned, /Python/);
  assert.match(learned, /TypeScript/);
  await wb.screenshot('sidebar-learned-from');
}
hoverOnIdentifiersInPythonAndTypeScript.timeout = 480_000;
