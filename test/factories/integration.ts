// Helpers for the suites that run inside the real extension host (test/integration, test/second-window).
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';

export const EXTENSION_ID = 'embedding-lens.embedding-lens';

export async function activateExtension(): Promise<EmbeddingLensApi> {
  const ext = vscode.extensions.getExtension<EmbeddingLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext.activate();
}

/**
 * A hold for the workers' test hooks (preparationHooks.hold, analysisHooks.hold): [0] opens it, [1] counts the
 * workers that reached it. `arrivals` waits (a hang guard, not a timing assertion) until `n` have.
 */
export function hold(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}
export function release(h: Int32Array): void {
  Atomics.store(h, 0, 1);
  Atomics.notify(h, 0);
}
export async function arrivals(h: Int32Array, n: number, who: string): Promise<void> {
  const end = Date.now() + 120_000;
  while (Atomics.load(h, 1) < n) {
    if (Date.now() > end) throw new Error(`no ${who} reached the hold (${Atomics.load(h, 1)} of ${n})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls a condition; `ms` is a hang guard, not a speed bound. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n----\n');
}

/** Embedding Lens's hovers at a position, through VS Code's own hover command. */
export async function ourHover(uri: vscode.Uri, pos: vscode.Position): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  const ours = hovers.filter((h) => hoverText([h]).includes('Embedding Lens'));
  return { text: hoverText(ours), hovers: ours };
}

/** Where the main suite tells the second window what it left behind (beside the results file). */
export function handoffPath(): string | undefined {
  const results = process.env.EMBEDDING_LENS_TEST_RESULTS;
  return results ? results.replace(/\.json$/, '') + '.handoff.json' : undefined;
}

export interface Handoff { windowStorage: string | undefined; modelStore: string; activeId: string; word: string }
