// Which vocabulary words the hover looks up for the text under the mouse (pure), with the same identifier
// splitting as training: a whole identifier (HTTPAdapter -> http_adapter) when it is in the vocabulary, else the
// word as prose would spell it, else the neighbours of its parts combined, labelled as such.
import { normalizeWord } from './tokenize';
import { nearestToVector } from './query';
import type { Embeddings } from './vectors';
import { identifierTokens, splitIdentifier, wholeIdentifierWord, MIN_PART_LENGTH } from './code/identifier';
import { commandLink, escapeMarkdown, formatSimilarity, type HoverNeighbour } from './hover-markdown';

export type HoverTarget =
  /** `from`: which of the two texts gave the word (so the hover can underline it) */
  | { kind: 'word'; word: string; from: 'identifier' | 'word' }
  /** the identifier is not in the vocabulary: the mean of its parts' unit vectors (parts that are) */
  | { kind: 'parts'; identifier: string; parts: string[]; missing: string[] };

/**
 * The lookup for `identifier` (the language's word at the mouse, e.g. get_user_name or HTTPAdapter) and `word`
 * (the prose word there). Case: tried as written, then lowercased (for lowercased and for cased models).
 */
export function hoverTarget(has: (w: string) => boolean, identifier: string | undefined, word: string | undefined): HoverTarget | undefined {
  const candidates: [string, 'identifier' | 'word'][] = [];
  const id = identifier?.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const multi = id !== undefined && splitIdentifier(id).length > 1;
  if (id && multi) for (const lowercase of [false, true]) { const w = wholeIdentifierWord(id, lowercase); if (w) candidates.push([w, 'identifier']); }
  for (const [text, from] of [[word, 'word'], [id, 'identifier']] as const) {
    if (!text) continue;
    for (const lowercase of [false, true]) { const w = normalizeWord(text, { lowercase }); if (w) candidates.push([w, from]); }
  }
  for (const [c, from] of candidates) if (has(c)) return { kind: 'word', word: c, from };
  if (!id || !multi) return undefined;
  const parts: string[] = [];
  const missing: string[] = [];
  for (const p of identifierTokens(id, true)) {
    if (p.includes('_') || [...p].length < MIN_PART_LENGTH || parts.includes(p) || missing.includes(p)) continue;
    (has(p) ? parts : missing).push(p);
  }
  return parts.length ? { kind: 'parts', identifier: id, parts, missing } : undefined;
}

/** "http + adapter combined" */
export function partsLabel(t: Extract<HoverTarget, { kind: 'parts' }>): string {
  return `${t.parts.join(' + ')} combined`;
}

/** The hover body for parts combined: every word escaped, every link one of our own commands. */
export function renderPartsHover(t: Extract<HoverTarget, { kind: 'parts' }>, neighbours: readonly HoverNeighbour[], modelLabel?: string): string {
  const parts = t.parts.map((p) => commandLink(p, 'embeddingLens.explore', [{ word: p }], 'Explore in the sidebar')).join(' + ');
  const lines: string[] = [];
  const title = `**Embedding Lens** · ${escapeMarkdown(t.identifier)} is not in the vocabulary: nearest to ${parts} combined`;
  lines.push(modelLabel ? `${title} · ${escapeMarkdown(modelLabel)}` : title);
  if (t.missing.length) lines.push('', `(${t.missing.map(escapeMarkdown).join(', ')} not in the vocabulary either)`);
  lines.push('');
  for (const n of neighbours) {
    lines.push(`- ${commandLink(n.word, 'embeddingLens.explore', [{ word: n.word }], 'Explore in the sidebar')} ${formatSimilarity(n.similarity)}`);
  }
  return lines.join('\n');
}

/** Nearest neighbours of the parts' mean unit vector, leaving out the parts themselves. */
export function partsNeighbours(emb: Embeddings, t: Extract<HoverTarget, { kind: 'parts' }>, k: number): HoverNeighbour[] {
  const v = new Float32Array(emb.dim);
  const ids = t.parts.map((p) => emb.id(p)).filter((i) => i >= 0);
  for (const i of ids) {
    const u = emb.unitRow(i);
    for (let j = 0; j < v.length; j++) v[j] += u[j]!;
  }
  return nearestToVector(emb, v, k, new Set(ids));
}
