// Nearest neighbours of the word under the mouse, in every file. Never waits for training; the first hover
// after a reload loads the active model (lazily, once). All text is escaped (see core/hover-markdown.ts).
import * as vscode from 'vscode';
import { HOVER_COMMANDS, renderNeighboursHover } from '../core/hover-markdown';
import { hoverTarget, renderPartsHover } from '../core/identifier-hover';
import { queriesFor } from '../engine/query-worker';
import type { ModelService } from './model-service';
import { readSettings } from './settings';

/** The tokenizer's word shape: letters, marks and digits, with internal apostrophes and hyphens. */
export const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+(?:['\u2019\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*/u;
const SIMPLE_WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*/u;

export class NeighboursHoverProvider implements vscode.HoverProvider {
  constructor(private readonly models: ModelService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const settings = readSettings(document.uri);
    if (!settings.hoverEnabled) return undefined;
    const range = document.getWordRangeAtPosition(position, WORD_PATTERN);
    if (!range) return undefined;
    const info = this.models.activeInfo() ?? (await this.models.ready(), this.models.activeInfo());
    if (!info || token.isCancellationRequested) return undefined;
    const emb = this.models.loadedEmbeddings() ?? (await this.models.embeddings());
    if (!emb || token.isCancellationRequested) return undefined;

    // The language's own word at the mouse is the identifier (get_user_name, HTTPAdapter); see core/identifier-hover.ts.
    const idRange = document.getWordRangeAtPosition(position);
    const has = (w: string) => emb.id(w) >= 0;
    let target = hoverTarget(has, idRange && document.getText(idRange), document.getText(range));
    let wordRange = target && (target.kind === 'parts' || target.from === 'identifier') && idRange ? idRange : range;
    if (target === undefined) {
      // "state-of-the-art" may be unknown while "art" under the mouse is known.
      const inner = document.getWordRangeAtPosition(position, SIMPLE_WORD);
      if (inner && !inner.isEqual(range)) {
        target = hoverTarget(has, undefined, document.getText(inner));
        wordRange = inner;
      }
    }
    if (target === undefined) return undefined; // out of vocabulary: stay quiet
    // A big model answers in its query worker (engine/query-worker.ts), so its sweep never stalls this thread.
    const queries = queriesFor(emb);
    let markdown: string;
    if (target.kind === 'word') {
      const r = await queries.run({ op: 'agreed', word: target.word, k: settings.hoverCount });
      if (token.isCancellationRequested) return undefined;
      const basis = { seeds: r.seeds, agreementK: r.agreementK, imported: info.kind === 'imported', ...(r.stability !== undefined ? { stability: r.stability } : {}) };
      markdown = renderNeighboursHover(target.word, r.neighbours, info.label, basis);
    } else {
      const neighbours = await queries.run({ op: 'parts', target, k: settings.hoverCount });
      if (token.isCancellationRequested) return undefined;
      markdown = renderPartsHover(target, neighbours, info.label);
    }
    const md = new vscode.MarkdownString(markdown);
    md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    md.supportThemeIcons = false;
    md.supportHtml = false;
    return new vscode.Hover(md, wordRange);
  }
}

export function registerHover(context: vscode.ExtensionContext, models: ModelService): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider({ scheme: '*' }, new NeighboursHoverProvider(models)));
}
