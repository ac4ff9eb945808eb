// Markdown for the neighbours hover (pure). Every piece of text that came from the workspace or from an
// imported vector file is escaped: a word like "[x](command:workbench.action.quit)", "<img onerror=...>"
// or "$(zap)" must render as plain text. Command links only ever carry our own command ids, and their
// arguments are percent-encoded JSON, with ( ) ! ' * encoded too so they cannot end the link target.
// Line breaks become spaces; every other control, bidi or invisible character is shown as ⟨U+XXXX⟩
// (core/visible-text.ts), so a word cannot reorder its line (U+202E) or pass for another (zero-width space).
import { visibleText } from './visible-text';

export interface HoverNeighbour {
  word: string;
  similarity: number;
}

export const HOVER_COMMANDS = ['embeddingLens.explore', 'embeddingLens.compareWord'] as const;
export type HoverCommand = (typeof HOVER_COMMANDS)[number];

/** Backslash-escapes every ASCII punctuation character (CommonMark allows escaping all of them). */
export function escapeMarkdown(text: string): string {
  return visibleText(text.replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')) // no line breaks; the rest made visible
    .replace(/[!-/:-@[-`{-~]/g, '\\$&')
    .replace(/^ +| +$/g, (spaces) => '&nbsp;'.repeat(spaces.length));
}

export function encodeCommandArgs(args: unknown): string {
  return encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function commandUri(command: HoverCommand, args: unknown): string {
  return `command:${command}?${encodeCommandArgs(args)}`;
}

export function commandLink(label: string, command: HoverCommand, args: unknown, title?: string): string {
  const t = title === undefined ? '' : ` "${escapeMarkdown(title)}"`;
  return `[${escapeMarkdown(label)}](${commandUri(command, args)}${t})`;
}

export function formatSimilarity(s: number): string {
  return Number.isFinite(s) ? s.toFixed(2) : '–';
}

/** The hover body: a title line, then one line per neighbour with its cosine similarity. */
export function renderNeighboursHover(word: string, neighbours: readonly HoverNeighbour[], modelLabel?: string): string {
  const lines: string[] = [];
  const title = `**Embedding Lens** · nearest to ${commandLink(word, 'embeddingLens.explore', [{ word }], 'Explore in the sidebar')}`;
  lines.push(modelLabel ? `${title} · ${escapeMarkdown(modelLabel)}` : title);
  lines.push('');
  for (const n of neighbours) {
    lines.push(`- ${commandLink(n.word, 'embeddingLens.explore', [{ word: n.word }], 'Explore in the sidebar')} ${formatSimilarity(n.similarity)}`);
  }
  lines.push('');
  lines.push(commandLink('Compare across models', 'embeddingLens.compareWord', [{ word }]));
  return lines.join('\n');
}
