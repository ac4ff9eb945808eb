// Playwright helpers for the real VS Code workbench (code-server). UI tests (test/ui/*.ui.mjs) receive one
// Workbench per test function; every helper takes a screenshot so a person can check the run afterwards.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

export class Workbench {
  /** @param {{ page: import('playwright-core').Page, url: string, workspace: string, artifactsDir: string, dataDir: string }} o */
  constructor({ page, url, workspace, artifactsDir, dataDir }) {
    Object.assign(this, { page, url, workspace, artifactsDir, dataDir });
    this.step = 0;
    mkdirSync(artifactsDir, { recursive: true });
  }

  /** Save `NN-name.png` in this test's artifacts folder; returns its path. */
  async screenshot(name) {
    const file = join(this.artifactsDir, `${String(++this.step).padStart(2, '0')}-${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Load the workbench and wait until the editor area and extension host are up. */
  async open({ timeout = 60_000 } = {}) {
    await this.page.goto(this.url);
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ timeout });
    await this.page.locator('.part.statusbar').waitFor({ timeout });
    await this.screenshot('workbench-open');
  }

  activityItem(title) {
    return this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  }

  /** The extension's commands are listed in the palette only once its activity-bar item exists. */
  async waitForActivityItem(title = 'Embedding Lens', { timeout = 60_000 } = {}) {
    await this.activityItem(title).waitFor({ timeout });
    await this.screenshot(`activity-${title}`);
    return this.activityItem(title);
  }

  async clickActivityItem(title = 'Embedding Lens') {
    await this.activityItem(title).click();
    await this.screenshot(`clicked-${title}`);
  }

  /** Run a command by its palette title, e.g. "Embedding Lens: Train Embeddings on Workspace". */
  async runCommand(title, { timeout = 15_000 } = {}) {
    const page = this.page;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout });
    } catch (err) {
      await this.screenshot(`command-not-found-${title}`);
      await page.keyboard.press('Escape');
      throw new Error(`command "${title}" not in the command palette`, { cause: err });
    }
    await this.screenshot(`palette-${title}`);
    await page.keyboard.press('Enter');
  }

  /**
   * Picks a file in the workbench's own open or save dialog (code-server: the "simple" dialog, a quick input
   * holding a path). Enter resolves against the folder the dialog lists and its active row, and the dialog lists
   * a folder asynchronously after the input changes, so each step waits for what the dialog shows: its starting
   * folder, listed; then the file's folder, listed (every row is an entry of it); then, for an existing file, that file
   * as the active row. The deadline is a hang guard, not a timing assertion.
   */
  async pickFileInDialog(path, { timeout = 15_000 } = {}) {
    const page = this.page;
    const inputSelector = '.quick-input-widget:not([style*="display: none"]) input';
    const input = page.locator(inputSelector).first();
    await input.waitFor({ timeout });
    const end = Date.now() + timeout;
    const left = () => Math.max(1, end - Date.now());
    // A row's label as the list renders it: "$(name)" in a file name becomes an icon, with no text.
    const plain = (name) => name.replace(/\$\([\w~-]+\)/g, '').trim();
    const rowsNow = () => page.evaluate((sel) => [...(document.querySelector(sel)?.closest('.quick-input-widget')
      ?.querySelectorAll('.quick-input-list .monaco-list-row') ?? [])]
      .map((row) => ({ label: row.querySelector('.label-name')?.textContent?.trim() ?? '', focused: row.classList.contains('focused') })), inputSelector);
    // Its starting folder listed (the open dialog holds the folder, the save dialog a default file in it): only
    // after that does it stop writing into the input on its own.
    await page.waitForFunction((sel) => {
      const box = document.querySelector(sel);
      return box?.value.startsWith('/') && box.closest('.quick-input-widget').querySelector('.quick-input-list .monaco-list-row');
    }, inputSelector, { timeout: left() })
      .catch(async () => { throw new Error(`the dialog never listed its starting folder (it holds "${await input.inputValue()}")`); });
    await this.screenshot('open-dialog');
    const startValue = await input.inputValue();
    const startFolder = startValue.endsWith('/') ? startValue : `${dirname(startValue)}/`;
    const startRows = (await rowsNow()).map((r) => r.label);
    const folder = `${dirname(path)}/`;
    const want = {
      sel: inputSelector,
      entries: ['..', ...readdirSync(dirname(path))].map(plain),
      // the old listing is not the new one (it could pass for it when its names are all in the new folder too)
      notRows: folder === startFolder ? undefined : startRows,
    };
    const listed = (value, active) => page.waitForFunction(({ want, value, active }) => {
      const box = document.querySelector(want.sel);
      if (!box || box.value !== value) return false;
      const rows = [...box.closest('.quick-input-widget').querySelectorAll('.quick-input-list .monaco-list-row')];
      const label = (row) => row.querySelector('.label-name')?.textContent?.trim() ?? '';
      if (!rows.length || !rows.every((row) => want.entries.includes(label(row)))) return false;
      if (want.notRows && rows.map(label).join('\n') === want.notRows.join('\n')) return false;
      return active === undefined || rows.some((row) => row.classList.contains('focused') && label(row) === active);
    }, { want, value, active }, { timeout: left() });
    const shown = async () => (await rowsNow()).map((r) => `${r.focused ? '>' : ''}${r.label}`).join(', ');
    await input.fill(folder);
    await listed(folder, undefined).catch(async () => {
      throw new Error(`the dialog never listed ${folder} (it holds "${await input.inputValue()}" and lists ${await shown()})`);
    });
    await input.fill(path);
    await listed(path, existsSync(path) ? plain(basename(path)) : undefined).catch(async () => {
      throw new Error(`the dialog never settled on ${path} (it holds "${await input.inputValue()}" and lists ${await shown()})`);
    });
    await this.screenshot('open-dialog-path-typed');
    await input.press('Enter');
  }

  /** Quick Open (Ctrl+P) a file by name and wait for its editor tab. */
  async openFile(name, { timeout = 15_000 } = {}) {
    const page = this.page;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout });
    await input.fill(name);
    const base = name.split('/').pop();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout });
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab[aria-label^="${base}"]`).first().waitFor({ timeout });
    await page.locator('.editor-instance .view-line').first().waitFor({ timeout });
    await this.screenshot(`open-${base}`);
  }

  /** Go to a line of the active editor (Ctrl+G), so that it is visible. */
  async goToLine(line, { timeout = 15_000 } = {}) {
    const page = this.page;
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout });
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await this.screenshot(`line-${line}`);
  }

  /**
   * Hover the first visible occurrence of `word` in the active editor; returns the hover's text once a link
   * reading `until` is in it (by default the neighbours hover's last one).
   */
  async hover(word, { timeout = 60_000, until = 'Compare across models' } = {}) {
    const page = this.page;
    const end = Date.now() + timeout; // a hang guard, not a timing assertion
    const left = () => Math.max(1, end - Date.now());
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    // Right after a file opens (extensions still activating) Monaco can miss a hover gesture and show nothing.
    // So the gesture is repeated, each time waiting twice as long as before for the hover to appear: however
    // slow the machine, a wait long enough comes before the deadline.
    for (let wait = 5_000; ; wait *= 2) {
      // Polled until the editor shows the word (after Go to Line it may still be scrolling).
      const found = await page.waitForFunction((w) => {
        const re = new RegExp(`(^|[^\\p{L}\\p{N}])(${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![\\p{L}\\p{N}])`, 'u');
        for (const line of document.querySelectorAll('.editor-instance .view-line')) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const m = re.exec(n.textContent ?? '');
            if (!m) continue;
            const range = document.createRange();
            const start = m.index + m[1].length;
            range.setStart(n, start);
            range.setEnd(n, start + w.length);
            const r = range.getBoundingClientRect();
            if (r.width > 0) return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
          }
        }
        return undefined;
      }, word, { timeout: left() }).catch(() => undefined);
      const box = await found?.jsonValue();
      if (!box) throw new Error(`"${word}" is not visible in the active editor`);
      // Monaco starts a hover from a sequence of mousemove events over the editor, not a single jump.
      await page.mouse.move(box.x - 30, box.y + 40);
      await page.mouse.move(box.x, box.y, { steps: 5 });
      if (await hover.waitFor({ timeout: Math.min(wait, left()) }).then(() => true, () => false)) break;
      if (Date.now() >= end) throw new Error(`no hover appeared over "${word}"`);
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    }
    // The hover shows "Loading..." until the providers answer (the first one loads the model): wait for them.
    await page.waitForFunction(() => {
      const el = document.querySelector('.monaco-hover:not(.hidden) .monaco-hover-content');
      return el && !/^\s*Loading\.\.\.\s*$/.test(/** @type {HTMLElement} */ (el).innerText);
    }, undefined, { timeout: left() });
    // Each provider's part arrives on its own (in a .ts file TypeScript's may come first): wait for the last link
    // of Embedding Lens's neighbours hover (core/hover-markdown.ts), which renders as one piece.
    await hover.locator('a', { hasText: until }).first().waitFor({ timeout: left() });
    // and, for the picture, the end of its fade-in
    await page.waitForFunction(() => {
      const el = document.querySelector('.monaco-hover:not(.hidden)');
      return el && el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
    }, undefined, { timeout: left() });
    await this.screenshot(`hover-${word}`);
    return hover.innerText();
  }

  /** Wait for a notification toast whose text matches; returns its text. */
  async notification(match, { timeout = 60_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: match }).first();
    await toast.waitFor({ timeout });
    await this.screenshot(`notification-${typeof match === 'string' ? match : 'matched'}`);
    return toast.innerText();
  }

  /** Webviews are nested iframes: find the frame in which `selector` exists. */
  async webviewFrame(selector, { timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        if (await frame.$(selector).catch(() => null)) return frame;
      }
      await this.page.waitForTimeout(250);
    }
    await this.screenshot(`webview-missing-${selector}`);
    throw new Error(`no webview frame contains ${selector} after ${timeout} ms`);
  }
}
