// The questions the views ask of a model, as data (pure), so that one function answers them wherever the model
// is: on the extension host's thread for a small model, or in the query worker that holds a big one
// (engine/vectors-loader.ts), where a hover's sweep over a million rows cannot stall the editor.
// Words arrive resolved (the caller looked them up); an unknown word throws as query.ts throws.
import { agreedNeighbours, type AgreedNeighbours } from './ensemble';
import { partsNeighbours, type HoverTarget } from './identifier-hover';
import type { HoverNeighbour } from './hover-markdown';
import { analogy, oddOneOut, similarity, type Neighbour } from './query';
import type { Embeddings } from './vectors';

export type ModelQuery =
  | { op: 'agreed'; word: string; k: number }
  | { op: 'parts'; target: Extract<HoverTarget, { kind: 'parts' }>; k: number }
  | { op: 'analogy'; a: string; b: string; c: string; method: 'add' | 'mul'; k: number }
  | { op: 'similarity'; a: string; b: string }
  | { op: 'oddOneOut'; words: string[] }
  | { op: 'complete'; prefix: string; limit: number };

export interface ModelQueryResults {
  agreed: AgreedNeighbours;
  parts: HoverNeighbour[];
  analogy: Neighbour[];
  similarity: number;
  oddOneOut: { word: string; scores: Neighbour[] };
  complete: string[];
}

export type ModelQueryResult<Q extends ModelQuery> = ModelQueryResults[Q['op']];

/** Where a model's questions are answered: here (localQueries) or in its query worker. */
export interface ModelQueries {
  run<Q extends ModelQuery>(query: Q): Promise<ModelQueryResult<Q>>;
  /** true when the answers come from another thread */
  readonly offThread: boolean;
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

/** The one answer to a query, on whatever thread holds emb. */
export function runModelQuery<Q extends ModelQuery>(emb: Embeddings, query: Q): ModelQueryResult<Q> {
  const q = query as ModelQuery;
  switch (q.op) {
    case 'agreed': return agreedNeighbours(emb, q.word, q.k) as ModelQueryResult<Q>;
    case 'parts': return partsNeighbours(emb, q.target, q.k) as ModelQueryResult<Q>;
    case 'analogy': return analogy(emb, q.a, q.b, q.c, { method: q.method, k: q.k }) as ModelQueryResult<Q>;
    case 'similarity': return similarity(emb, q.a, q.b) as ModelQueryResult<Q>;
    case 'oddOneOut': return oddOneOut(emb, q.words) as ModelQueryResult<Q>;
    case 'complete': return complete(emb.words, q.prefix, q.limit) as ModelQueryResult<Q>;
  }
}

/** The model's questions answered on the calling thread. */
export function localQueries(emb: Embeddings): ModelQueries {
  return {
    offThread: false,
    run: (query) => {
      try {
        return Promise.resolve(runModelQuery(emb, query));
      } catch (e) {
        return Promise.reject(e);
      }
    },
  };
}
