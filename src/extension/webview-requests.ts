// Answers the webviews' query requests (core/model-queries.ts) on the active model's embeddings.
// Pure (no `vscode` import): the bridge (webview-bridge.ts) passes the validated request, the embeddings and
// where their queries run (engine/query-worker.ts queriesFor).
import { localQueries, type ModelQueries } from '../core/model-queries';
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

function friendly(err: unknown): string {
  if (err instanceof Error && err.name === 'OutOfVocabularyError' && typeof (err as { word?: unknown }).word === 'string') {
    return `'${(err as unknown as { word: string }).word}' is not in the vocabulary`;
  }
  if (err && typeof err === 'object' && typeof (err as { word?: unknown }).word === 'string' && /vocab/i.test(String((err as Error).message))) {
    return `'${(err as { word: string }).word}' is not in the vocabulary`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function compute(emb: Embeddings, queries: ModelQueries, req: QueryRequest): Promise<ResultMap[QueryRequest['type']]> {
  switch (req.type) {
    case 'query.neighbours': {
      const r = await queries.run({ op: 'agreed', word: resolveWord(emb, req.word), k: req.k });
      return { word: r.word, neighbours: r.neighbours, seeds: r.seeds, agreementK: r.agreementK, ...(r.stability !== undefined ? { stability: r.stability } : {}) };
    }
    case 'query.analogy':
      return { answers: await queries.run({ op: 'analogy', a: resolveWord(emb, req.a), b: resolveWord(emb, req.b), c: resolveWord(emb, req.c), method: req.method, k: req.k }) };
    case 'query.similarity': {
      const a = resolveWord(emb, req.a); const b = resolveWord(emb, req.b);
      return { a, b, similarity: await queries.run({ op: 'similarity', a, b }) };
    }
    case 'query.oddOneOut':
      return queries.run({ op: 'oddOneOut', words: req.words.map((w) => resolveWord(emb, w)) });
    case 'vocab.complete':
      return { words: await queries.run({ op: 'complete', prefix: req.prefix, limit: req.limit }) };
  }
}

/**
 * One response for one request; never rejects. `queries` answers it: a big model's query worker, or (the
 * default) this thread.
 */
export async function answerRequest(emb: Embeddings | undefined, req: QueryRequest, queries: ModelQueries | undefined = emb && localQueries(emb)): Promise<ResponseMessage> {
  if (!emb || !queries) return { type: 'response', id: req.id, ok: false, error: NO_MODEL };
  try {
    return { type: 'response', id: req.id, ok: true, result: await compute(emb, queries, req) };
  } catch (err) {
    return { type: 'response', id: req.id, ok: false, error: friendly(err) };
  }
}
