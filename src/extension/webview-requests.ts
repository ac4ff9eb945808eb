// Answers the webviews' query requests with src/core/query.ts on the active model's embeddings.
// Pure (no `vscode` import): the bridge (webview-bridge.ts) passes the validated request and the embeddings.
import { analogy, oddOneOut, similarity } from '../core/query';
import { agreedNeighbours } from '../core/ensemble';
import { normalizeWord } from '../core/tokenize';
import type { Embeddings } from '../core/vectors';
import type { ResponseMessage, ResultMap } from '../protocol';
import type { QueryRequest } from './compare/compare-request-types';

export const NO_MODEL = 'No embeddings yet: train a model on this workspace first.';

/** The vocabulary word a user's input refers to: as typed if present, else as the tokenizer would see it. */
export function resolveWord(emb: Embeddings, input: string): string {
  if (emb.id(input) >= 0) return input;
  const normal = normalizeWord(input);
  if (normal !== undefined && emb.id(normal) >= 0) return normal;
  return input;
}

/** Words starting with `prefix`, in the model's order (most frequent first), exact-case matches first. */
export function complete(words: readonly string[], prefix: string, limit: number): string[] {
  const out: string[] = [];
  const lower = prefix.toLowerCase();
  const seen = new Set<string>();
  for (const w of words) {
    if (out.length >= limit) break;
    if (w.startsWith(prefix) || (w.length >= lower.length && w.slice(0, lower.length).toLowerCase() === lower)) {
      if (!seen.has(w)) { seen.add(w); out.push(w); }
    }
  }
  return out;
}

function friendly(err: unknown): string {
  if (err instanceof Error && err.name === 'OutOfVocabularyError' && typeof (err as { word?: unknown }).word === 'string') {
    return `'${(err as unknown as { word: string }).word}' is not in the vocabulary`;
  }
  if (err && typeof err === 'object' && typeof (err as { word?: unknown }).word === 'string' && /vocab/i.test(String((err as Error).message))) {
    return `'${(err as { word: string }).word}' is not in the vocabulary`;
  }
  return err instanceof Error ? err.message : String(err);
}

function compute(emb: Embeddings, req: QueryRequest): ResultMap[QueryRequest['type']] {
  switch (req.type) {
    case 'query.neighbours': {
      const r = agreedNeighbours(emb, resolveWord(emb, req.word), req.k);
      return { word: r.word, neighbours: r.neighbours, seeds: r.seeds, agreementK: r.agreementK, ...(r.stability !== undefined ? { stability: r.stability } : {}) };
    }
    case 'query.analogy':
      return { answers: analogy(emb, resolveWord(emb, req.a), resolveWord(emb, req.b), resolveWord(emb, req.c), { method: req.method, k: req.k }) };
    case 'query.similarity': {
      const a = resolveWord(emb, req.a); const b = resolveWord(emb, req.b);
      return { a, b, similarity: similarity(emb, a, b) };
    }
    case 'query.oddOneOut':
      return oddOneOut(emb, req.words.map((w) => resolveWord(emb, w)));
    case 'vocab.complete':
      return { words: complete(emb.words, req.prefix, req.limit) };
  }
}

/** One response for one request; never throws. */
export function answerRequest(emb: Embeddings | undefined, req: QueryRequest): ResponseMessage {
  if (!emb) return { type: 'response', id: req.id, ok: false, error: NO_MODEL };
  try {
    return { type: 'response', id: req.id, ok: true, result: compute(emb, req) };
  } catch (err) {
    return { type: 'response', id: req.id, ok: false, error: friendly(err) };
  }
}
