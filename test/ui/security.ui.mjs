// Security in the real workbench: words from the workspace or from a loaded vector file are shown as plain
// text everywhere (issue 5, "Hover and webviews"). Hostile strings such as `<img/src=x/onerror=alert(1)>`,
// `[a](command:workbench.action.quit)`, `` `x` ``, `$(zap)` and `javascript:alert(1)` must come out as
// literal text in the hover (no <img>, no link to a foreign command or javascript:, no icon, no <code>),
// in the sidebar and in the panel (rows' textContent equals the raw string, no injected elements or on*
// attributes), no alert/confirm dialog may open, and the workbench must stay alive.
//
// 1. A markdown file full of hostile text is written into the workspace and the extension trains on it
//    (palette). The tokenizer splits punctuation, so what survives as vocabulary is `img`, `onerror`,
//    `javascript`, `command`, `zap`, … — the hover on such a word is checked too.
// 2. The raw hostile strings cannot come from training, so a word2vec text file whose words ARE those strings
//    (and whose label, its file name, is hostile too) is loaded through "Embedding Lens: Load Embeddings from
//    File…" from the palette, picking the file in the workbench's own file dialog, as a user would.
// 3. Hover "lighthouse" (its nearest neighbours are the hostile strings), then click a hostile link in the
//    hover; search "lighthouse" in the sidebar and explore a hostile row; the panel's Neighbours tab.
// Screenshots: test-artifacts/ui/security/<test>/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FRAME_TIMEOUT = 60_000;
const ANCHOR = 'lighthouse';

/** The raw strings the UI must show verbatim. No whitespace: word2vec text cannot hold it. */
export const HOSTILE = [
  '<img/src=x/onerror=alert(1)>',
  '[a](command:workbench.action.quit)',
  '`x`',
  '$(zap)',
  'javascript:alert(1)',
  '<script>alert(2)</script>',
  '"><svg/onload=alert(3)>',
  '**bold**',
  '&lt;b&gt;',
  '<b>bold',
];
// Hostile words a user can click in a webview. The host rejects webview words holding '/' (see
// src/extension/message-validation.ts), so the explore-by-click round trip uses one without.
const CLICKABLE = '[a](command:workbench.action.quit)';
const HOVER_CLICK = '$(zap)';
// The imported model's label is its file name: hostile too.
const VECTORS_NAME = 'hostile-$(zap)-`x`-[q](command:workbench.action.quit).vec';

const MARKDOWN_LINES = [
  'The lighthouse keeper wrote <img src=x onerror=alert(1)> in the harbour log.',
  'Click [a](command:workbench.action.quit) to leave the lighthouse, said nobody.',
  'Inline code `x` sits beside the icon $(zap) near the lighthouse lamp.',
  'Never follow javascript:alert(1) links from a harbour chart.',
  'A second img tag <img src=x onerror=alert(1)> hides in the keeper notes.',
  'The command link [a](command:workbench.action.quit) quits nothing here.',
  'Storms bring $(zap) and `x` and javascript:alert(1) to the harbour.',
];

/** A word2vec text file: ANCHOR at e0, the hostile words close to it (decreasing), filler words elsewhere. */
function vectorsText() {
  const dim = 8;
  const rows = [];
  const vec = (f) => Array.from({ length: dim }, (_, i) => f(i).toFixed(5)).join(' ');
  rows.push(`${ANCHOR} ${vec((i) => (i === 0 ? 1 : 0))}`);
  HOSTILE.forEach((w, k) => rows.push(`${w} ${vec((i) => (i === 0 ? 1 : i === 1 + (k % (dim - 1)) ? 0.05 + 0.04 * k : 0))}`));
  const filler = ['harbour', 'keeper', 'lamp', 'storm', 'chart', 'anchor', 'tide', 'beacon', 'coast', 'wave',
    'sail', 'mast', 'rope', 'deck', 'gull', 'reef'];
  filler.forEach((w, k) => rows.push(`${w} ${vec((i) => (i === 0 ? 0.3 : i === 1 + (k % (dim - 1)) ? 1 + 0.1 * k : 0.05 * ((k + i) % 3)))}`));
  return `${rows.length} ${dim}\n${rows.join('\n')}\n`;
}

/** Collects alert/confirm/prompt/beforeunload dialogs from the page and all its frames; any one fails the test. */
function watchDialogs(wb) {
  const dialogs = [];
  wb.page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return dialogs;
}

/** Merges workspace settings (the compare test does the same). */
function workspaceSettings(wb, values) {
  const file = join(wb.workspace, '.vscode/settings.json');
  mkdirSync(dirname(file), { recursive: true });
  const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, JSON.stringify({ ...settings, ...values }, null, 2));
}

/** What the visible hover's DOM holds, for the plain-text assertions. */
async function hoverDom(page) {
  return page.evaluate(() => {
    const el = document.querySelector('.monaco-hover:not(.hidden) .monaco-hover-content');
    if (!el) return undefined;
    const all = [...el.querySelectorAll('*')];
    return {
      text: el.textContent ?? '',
      html: el.innerHTML,
      injected: all.filter((e) => /^(img|script|iframe|object|embed|svg|video|audio|form|input|style)$/i.test(e.tagName)).map((e) => e.outerHTML),
      code: all.filter((e) => /^(code|pre|strong|b|em|i)$/i.test(e.tagName) && e.textContent !== 'Embedding Lens').map((e) => e.outerHTML),
      onAttrs: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      codicons: all.filter((e) => [...e.classList].some((c) => c.startsWith('codicon'))).map((e) => e.className),
      anchors: [...el.querySelectorAll('a')].map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '', dataHref: a.getAttribute('data-href') ?? '' })),
    };
  });
}

/** Common plain-text assertions on a hover. `expectedLinks` must each be a link whose text is exactly the raw word. */
function assertPlainHover(dom, expectedLinks, what) {
  assert.ok(dom, `${what}: no hover`);
  assert.deepEqual(dom.injected, [], `${what}: injected elements`);
  assert.deepEqual(dom.onAttrs, [], `${what}: on* attributes`);
  assert.deepEqual(dom.codicons, [], `${what}: theme icons rendered`);
  assert.deepEqual(dom.code, [], `${what}: markdown formatting from workspace text`);
  for (const a of dom.anchors) {
    for (const target of [a.href, a.dataHref].filter(Boolean)) {
      assert.ok(/^command:embeddingLens\.(explore|compareWord)(\?|$)/.test(decodeURIComponent(target)) || target === '#' || target === '',
        `${what}: a link leads elsewhere: ${JSON.stringify(a)}`);
    }
  }
  const linkTexts = dom.anchors.map((a) => a.text);
  for (const w of expectedLinks) {
    assert.ok(linkTexts.includes(w), `${what}: no link reads exactly ${JSON.stringify(w)}; links: ${JSON.stringify(linkTexts)}`);
    assert.ok(dom.text.includes(w), `${what}: text lacks ${JSON.stringify(w)}`);
  }
}

/** Plain-text checks inside a webview frame: the rows of `listSelector` read exactly `words` (in order). */
async function assertPlainList(frame, listSelector, words, what) {
  const result = await frame.evaluate((sel) => {
    const list = document.querySelector(sel);
    if (!list) return undefined;
    const app = document.getElementById('app');
    const all = [app, ...app.querySelectorAll('*')];
    return {
      // every script in the page, all outside #app
      scripts: [...document.querySelectorAll("script")].map((e) => e.src ? `${e.getAttribute("src").replace(/^.*\/dist\//, "dist/")}${e.hasAttribute("nonce") ? " (nonce)" : ""}` : `inline: ${e.textContent.slice(0, 300)}`),
      words: [...list.querySelectorAll('li.row .word')].map((e) => e.textContent),
      dataWords: [...list.querySelectorAll('li.row')].map((e) => e.dataset.word),
      injected: all.filter((e) => /^(img|script|iframe|object|embed|video|audio|form|style|link|meta|base)$/i.test(e.tagName)).map((e) => e.outerHTML.slice(0, 200)),
      // markdown/HTML formatting a word could produce, inside the list (the panel's static help has <code>)
      formatted: [...list.querySelectorAll('b, strong, em, i, code, pre, a')].map((e) => e.outerHTML.slice(0, 200)),
      // the only SVG is the row's own magnifier icon inside its "find" button
      strayedSvg: [...app.querySelectorAll('svg')].filter((s) => !s.closest('button.find')).map((s) => s.outerHTML.slice(0, 200)),
      onAttrs: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      codicons: [...list.querySelectorAll('[class*="codicon"]')].map((e) => e.className),
    };
  }, listSelector);
  assert.ok(result, `${what}: ${listSelector} missing`);
  // scripts: our bundle (with its nonce) and the workbench's own acquireVsCodeApi shim, nothing else
  const ours = result.scripts.filter((x) => /^dist\/webview\/\w+\.js \(nonce\)$/.test(x));
  const others = result.scripts.filter((x) => !ours.includes(x) && !/^inline:\s*globalThis\.acquireVsCodeApi = /.test(x));
  assert.equal(ours.length, 1, `${what}: scripts ${result.scripts}`);
  assert.deepEqual(others, [], `${what}: unexpected scripts`);
  assert.deepEqual(result.words.slice(0, words.length), words, `${what}: row texts`);
  assert.deepEqual(result.dataWords.slice(0, words.length), words, `${what}: row data-word`);
  assert.deepEqual(result.injected, [], `${what}: injected elements`);
  assert.deepEqual(result.formatted, [], `${what}: formatted elements in the list`);
  assert.deepEqual(result.strayedSvg, [], `${what}: stray svg`);
  assert.deepEqual(result.onAttrs, [], `${what}: on* attributes`);
  assert.deepEqual(result.codicons, [], `${what}: icons`);
}

async function assertAlive(wb, dialogs, what) {
  assert.deepEqual(dialogs, [], `${what}: a dialog opened`);
  assert.ok(!wb.page.isClosed(), `${what}: the page closed`);
  await wb.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 5_000 });
  await wb.page.locator('.activitybar .action-item a[aria-label^="Embedding Lens"]').first().waitFor({ timeout: 5_000 });
}

/** @param {import('./workbench.mjs').Workbench} wb */
export async function securityHostileWordsArePlainText(wb) {
  const page = wb.page;
  const dialogs = watchDialogs(wb);
  const sorry = [];
  page.on('console', (m) => { if (/Refused to|Content Security Policy/i.test(m.text())) sorry.push(m.text()); });

  // 1. hostile workspace text, then train on it from the palette
  const body = Array.from({ length: 25 }, (_, i) => MARKDOWN_LINES[i % MARKDOWN_LINES.length]).join('\n\n');
  writeFileSync(join(wb.workspace, 'hostile-words.md'), `# Hostile words\n\n${body}\n`);
  workspaceSettings(wb, { 'embeddingLens.hover.count': HOSTILE.length });
  await wb.open();
  await wb.waitForActivityItem('Embedding Lens');
  await wb.runCommand('Embedding Lens: Train Embeddings on Workspace');
  const trained = await wb.notification(/Embedding Lens: (trained on|training (finished|failed|cancelled))|nothing to train|already training/i, { timeout: 200_000 });
  assert.match(trained, /trained on \d[\d,]* files|training finished/i, `training: ${trained}`);
  await page.keyboard.press('Escape');

  // the tokens that survive the tokenizer are ordinary words: the hover shows them as such
  await wb.openFile('hostile-words.md');
  for (const token of ['onerror', 'javascript']) {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await wb.hover(token);
    const dom = await hoverDom(page);
    assertPlainHover(dom, [], `trained hover on ${token}`);
    assert.match(dom.text, new RegExp(`nearest to ${token}`), `trained hover on ${token}: ${dom.text}`);
    assert.ok(dom.anchors.length >= 3, `trained hover on ${token} has neighbour links`);
  }
  await assertAlive(wb, dialogs, 'after the trained hovers');

  // 2. load a vector file whose words (and file name) are the raw hostile strings, through the palette + file dialog
  const vectorsPath = join(wb.workspace, '..', VECTORS_NAME); // outside the workspace folder: not a corpus file
  writeFileSync(vectorsPath, vectorsText());
  await page.mouse.move(5, 5);
  await wb.runCommand('Embedding Lens: Load Embeddings from File…');
  await wb.pickFileInDialog(vectorsPath);
  const loaded = await wb.notification(/Embedding Lens: (loaded|could not load)/, { timeout: 60_000 });
  assert.match(loaded, new RegExp(`loaded ${HOSTILE.length + 17} vectors`), `load: ${loaded}`);
  // VS Code renders `[label](command:…)` in notification messages as a link that runs the command when
  // clicked (allowCommands), so the file name must not turn into one.
  const toast = await page.locator('.notifications-toasts .notification-toast', { hasText: 'Embedding Lens: loaded' }).first().evaluate((t) => {
    const msg = t.querySelector('.notification-list-item-message') ?? t;
    return { text: msg.textContent ?? '', links: [...msg.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '') };
  });
  assert.deepEqual(toast.links, [], `the load notification holds links: ${JSON.stringify(toast)}`);
  // (an invisible word joiner may sit between "]" and "(": that is what keeps it from being a link)
  assert.ok(toast.text.replace(/\u2060/g, '').includes(VECTORS_NAME), `the notification shows the file name verbatim: ${toast.text}`);
  await page.waitForTimeout(600); // let the toast finish fading in for the picture
  await wb.screenshot('notification-file-name-as-text');

  // 3a. the hover on the anchor word: every hostile neighbour is a literal link text, nothing else is rendered
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);
  await wb.hover(ANCHOR);
  const dom = await hoverDom(page);
  assertPlainHover(dom, HOSTILE, `hover on ${ANCHOR}`);
  assert.ok(dom.text.includes(VECTORS_NAME), `hover shows the model label verbatim: ${dom.text}`);
  assert.equal(dom.anchors.filter((a) => HOSTILE.includes(a.text)).length, HOSTILE.length);
  await wb.screenshot('hover-hostile-neighbours');

  // 3b. clicking a hostile link runs only our explore command, with the raw word as its argument
  await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content a', { hasText: HOVER_CLICK }).first().click();
  await page.mouse.move(800, 960); // off the hover, so it closes
  const sidebar = await wb.webviewFrame('body.el-sidebar #app > *', { timeout: FRAME_TIMEOUT });
  await sidebar.locator('h2.current').filter({ hasText: HOVER_CLICK }).waitFor({ timeout: 30_000 });
  assert.equal(await sidebar.locator('h2.current').evaluate((e) => e.textContent), HOVER_CLICK);
  await sidebar.locator('ul.neighbours li.row').first().waitFor({ timeout: 15_000 });
  assert.equal(await sidebar.locator('ul.neighbours li.row .word').first().evaluate((e) => e.textContent), ANCHOR);
  await wb.screenshot(`sidebar-explore-from-hover-${HOVER_CLICK}`);
  await assertAlive(wb, dialogs, 'after clicking a hostile hover link');

  // 4. the sidebar: search the anchor word; the rows read exactly the hostile strings, nothing is injected
  const input = sidebar.locator('#search input');
  await input.fill(ANCHOR);
  await input.press('Enter');
  await sidebar.locator('h2.current', { hasText: ANCHOR }).waitFor({ timeout: 15_000 });
  await sidebar.waitForFunction((w) => document.querySelector('ul.neighbours li.row')?.dataset.word === w, HOSTILE[0], { timeout: 15_000 });
  await assertPlainList(sidebar, 'ul.neighbours', HOSTILE, 'sidebar neighbours');
  // the model picker (two models now: trained + imported) lists the imported file name verbatim, as text
  const options = await sidebar.evaluate(() => [...document.querySelectorAll('#model-select vscode-option')].map((o) => ({ text: o.textContent, children: o.children.length })));
  assert.ok(options.some((o) => o.text === VECTORS_NAME && o.children === 0), `model picker options: ${JSON.stringify(options)}`);
  const stats = await sidebar.evaluate(() => { const d = document.querySelector('dl.stats'); return d && { text: d.textContent, elements: d.querySelectorAll('dt, dd').length, all: d.querySelectorAll('*').length }; });
  assert.ok(stats?.text.includes(VECTORS_NAME), `model stats show the label verbatim: ${stats?.text}`);
  assert.equal(stats.all, stats.elements, 'model stats hold only dt/dd elements');
  await wb.screenshot('sidebar-hostile-neighbours');

  // explore a hostile row by clicking it: the heading and status show it verbatim
  await sidebar.locator('ul.neighbours li.row').filter({ has: sidebar.locator('.word', { hasText: CLICKABLE }) }).first().click();
  await sidebar.locator('h2.current').filter({ hasText: CLICKABLE }).waitFor({ timeout: 15_000 });
  assert.equal(await sidebar.locator('h2.current').evaluate((e) => e.textContent), CLICKABLE);
  await sidebar.locator('p.status', { hasText: CLICKABLE }).waitFor({ timeout: 15_000 });
  await sidebar.waitForFunction((w) => document.querySelector('ul.neighbours li.row')?.dataset.word === w, ANCHOR, { timeout: 15_000 });
  assert.equal(await sidebar.locator('ul.neighbours li.row .word').first().evaluate((e) => e.textContent), ANCHOR);
  await assertPlainList(sidebar, 'ul.neighbours', [ANCHOR], `sidebar neighbours of ${CLICKABLE}`);
  await wb.screenshot('sidebar-explored-hostile-row');
  await assertAlive(wb, dialogs, 'after the sidebar');

  // 5. the panel's Neighbours tab
  await wb.runCommand('Embedding Lens: Open Explorer Panel');
  const panel = await wb.webviewFrame('body.el-panel vscode-tabs', { timeout: FRAME_TIMEOUT });
  await panel.locator('vscode-tabs:not([hidden])').waitFor({ timeout: 30_000 });
  await panel.locator('vscode-tab-header', { hasText: 'Neighbours' }).first().click();
  const word = panel.locator('vscode-tab-panel[data-tab="neighbours"] vscode-textfield[aria-label="Word"] input');
  await word.fill(ANCHOR);
  await word.press('Enter');
  await panel.locator('vscode-tab-panel[data-tab="neighbours"] li.row').nth(HOSTILE.length - 1).waitFor({ timeout: 30_000 });
  await assertPlainList(panel, 'vscode-tab-panel[data-tab="neighbours"] ul.neighbours', HOSTILE, 'panel neighbours');
  const panelText = await panel.evaluate(() => document.getElementById('app').textContent);
  assert.ok(panelText.includes(VECTORS_NAME), 'the panel shows the model label verbatim');
  await wb.screenshot('panel-hostile-neighbours');

  // 6. nothing fired, nothing quit, the workbench still answers
  await page.waitForTimeout(500);
  await assertAlive(wb, dialogs, 'at the end');
  await wb.runCommand('Embedding Lens: Open Explorer Panel');
  await wb.screenshot('workbench-still-alive');
  if (sorry.length) console.log(`      (CSP reports, for information: ${sorry.length}; first: ${sorry[0].slice(0, 160)})`);
}
securityHostileWordsArePlainText.timeout = 420_000;
