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
  /** in how many seeds' top-K lists it appears */
  agreement?: number;
}

/** What the neighbours rest on: several seeds (with their agreement), one training run, or imported vectors. */
export interface HoverBasis {
  seeds: number;
  agreementK: number;
  stability?: number;
  imported?: boolean;
}

/** A word's stability in a few words (it is the mean pairwise overlap@10 of its seeds' lists). */
export function stabilityWords(stability: number): string {
  return stability >= 0.8 ? 'stable' : stability >= 0.5 ? 'fairly stable' : 'unstable';
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

/**
 * The hover body: a title line, what the list rests on (seeds and the word's stability), then one line per
 * neighbour with its mean cosine and, with several seeds, in how many seeds' top K it is ("3/3").
 */
export function renderNeighboursHover(word: string, neighbours: readonly HoverNeighbour[], modelLabel?: string, basis?: HoverBasis): string {
  const lines: string[] = [];
  const title = `**Embedding Lens** · nearest to ${commandLink(word, 'embeddingLens.explore', [{ word }], 'Explore in the sidebar')}`;
  lines.push(modelLabel ? `${title} · ${escapeMarkdown(modelLabel)}` : title);
  lines.push('');
  if (basis && !basis.imported) {
    if (basis.seeds > 1) {
      const stable = basis.stability === undefined ? '' : ` · ${stabilityWords(basis.stability)} (stability ${basis.stability.toFixed(2)})`;
      lines.push(escapeMarkdown(`${basis.seeds} seeds${stable} · n/${basis.seeds}: in the top ${basis.agreementK} of n seeds`));
    } else {
      lines.push(escapeMarkdown('one training run: another seed may change many of these'));
    }
    lines.push('');
  }
  const mark = (n: HoverNeighbour) => (basis && basis.seeds > 1 && n.agreement !== undefined ? ` · ${n.agreement}/${basis.seeds}` : '');
  for (const n of neighbours) {
    lines.push(`- ${commandLink(n.word, 'embeddingLens.explore', [{ word: n.word }], 'Explore in the sidebar')} ${formatSimilarity(n.similarity)}${mark(n)}`);
  }
  lines.push('');
  lines.push(commandLink('Compare across models', 'embeddingLens.compareWord', [{ word }]));
  return lines.join('\n');
}
