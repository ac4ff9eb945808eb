// Which panel requests the compare code answers (compare-requests.ts) and which the active model's vectors answer
// (webview-requests.ts). Pure types.
import type { MessageUnion } from '../../protocol';

export type HostRequest = MessageUnion<'compare.summary' | 'compare.word' | 'map.data' | 'eval.files' | 'eval.pick' | 'eval.run'>;
export type QueryRequest = MessageUnion<'query.neighbours' | 'query.analogy' | 'query.similarity' | 'query.oddOneOut' | 'vocab.complete'>;
