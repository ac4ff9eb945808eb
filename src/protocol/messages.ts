// Every message a webview may send the host, declared once: MESSAGES below names each message's fields and what
// each field may hold. The TypeScript types are derived from this table and the host's validator
// (src/extension/message-validation.ts) walks the same table, so the two cannot drift apart: a field added here
// is typed on both sides and checked at run time, with no second list to forget.
//
// Requests carry a numeric `id` and are answered by exactly one `response` with that id (see views.ts);
// notifications have no id. The webview never names a command, a path or a URI: the host maps fixed message types
// to fixed actions. Which view may send which message is views.ts.
import { EVAL_KINDS, EVAL_TARGETS, LIMITS, MAP_METHODS, MAP_SCOPES, PANEL_TABS } from './constants';
import type { ResultMap } from './data';

// ---------------------------------------------------------------- what a field may hold
/**
 * - word: one token as the trainer produces them (non-empty, at most LIMITS.wordLength, no whitespace, slash or
 *   control character);
 * - words: an array of `min` to `max` such words;
 * - int: an integer in [min, max];
 * - oneOf: one of a fixed list of strings;
 * - modelId: a model id (checked against the model list by the host, which owns it);
 * - optional: the field may be absent; when present it must satisfy `field`.
 */
export type Field =
  | { readonly kind: 'word' }
  | { readonly kind: 'words'; readonly min: number; readonly max: number }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  | { readonly kind: 'modelId' }
  | { readonly kind: 'optional'; readonly field: Exclude<Field, { kind: 'optional' }> };

const word = { kind: 'word' } as const;
const words = (min: number, max: number) => ({ kind: 'words', min, max }) as const;
const int = (min: number, max: number) => ({ kind: 'int', min, max }) as const;
const oneOf = <const T extends readonly string[]>(values: T) => ({ kind: 'oneOf', values }) as const;
const modelId = { kind: 'modelId' } as const;
const optional = <const F extends Exclude<Field, { kind: 'optional' }>>(field: F) => ({ kind: 'optional', field }) as const;

export interface MessageSpec { readonly request: boolean; readonly fields: Readonly<Record<string, Field>> }
const request = <const F extends Record<string, Field>>(fields: F) => ({ request: true, fields }) as const;
const notification = <const F extends Record<string, Field>>(fields: F) => ({ request: false, fields }) as const;

// ---------------------------------------------------------------- the table
export const MESSAGES = {
  'query.neighbours': request({ word, k: int(LIMITS.kMin, LIMITS.kMax) }),
  'query.analogy': request({ a: word, b: word, c: word, method: oneOf(['add', 'mul']), k: int(LIMITS.kMin, LIMITS.kMax) }),
  'query.similarity': request({ a: word, b: word }),
  'query.oddOneOut': request({ words: words(LIMITS.oddOneOutMin, LIMITS.oddOneOutMax) }),
  'vocab.complete': request({ prefix: word, limit: int(1, LIMITS.completeLimitMax) }),
  /** the saved comparison (instant: precomputed when the pair was trained) */
  'compare.summary': request({}),
  /** one word in both compared models */
  'compare.word': request({ word, k: int(LIMITS.kMin, LIMITS.compareKMax) }),
  /** a 2D map of a word and its top-n neighbours */
  'map.data': request({ word, n: int(LIMITS.mapMin, LIMITS.mapMax), method: oneOf(MAP_METHODS), scope: oneOf(MAP_SCOPES) }),
  /** the evaluation files in use (names only; the webview never sees or sends paths) */
  'eval.files': request({}),
  /** shows an open-file dialog on the host for one kind of evaluation file */
  'eval.pick': request({ kind: oneOf(EVAL_KINDS) }),
  /** runs the evaluation files against the active model or both compared models */
  'eval.run': request({ target: oneOf(EVAL_TARGETS) }),

  'ready': notification({}),
  'models.select': notification({ modelId }),
  'word.findInFiles': notification({ word }),
  /** runs embeddingLens.train (the host owns that mapping) */
  'model.train': notification({}),
  /** opens the explorer panel on a word */
  'panel.open': notification({ word: optional(word), tab: optional(oneOf(PANEL_TABS)) }),
  /** runs embeddingLens.compare (the host owns that mapping) */
  'compare.run': notification({}),
} as const satisfies Record<string, MessageSpec>;

export type MessageType = keyof typeof MESSAGES;

// ---------------------------------------------------------------- the types, derived from the table
type ValueOf<F> =
  F extends { kind: 'word' | 'modelId' } ? string
    : F extends { kind: 'words' } ? string[]
      : F extends { kind: 'int' } ? number
        : F extends { kind: 'oneOf'; values: readonly (infer V)[] } ? V
          : never;
type RequiredFields<Fs> = { -readonly [K in keyof Fs as Fs[K] extends { kind: 'optional' } ? never : K]: ValueOf<Fs[K]> };
type OptionalFields<Fs> = { -readonly [K in keyof Fs as Fs[K] extends { kind: 'optional' } ? K : never]?: Fs[K] extends { field: infer G } ? ValueOf<G> : never };
type Flatten<T> = { [K in keyof T]: T[K] };
type Spec<T extends MessageType> = (typeof MESSAGES)[T];

/** The message of one type, as the table declares it. */
export type MessageOf<T extends MessageType> = Flatten<
  { type: T }
  & (Spec<T>['request'] extends true ? { id: number } : unknown)
  & RequiredFields<Spec<T>['fields']>
  & OptionalFields<Spec<T>['fields']>
>;
/** The union of the messages of the given types. */
export type MessageUnion<T extends MessageType> = T extends MessageType ? MessageOf<T> : never;

export type RequestType = { [T in MessageType]: Spec<T>['request'] extends true ? T : never }[MessageType];
export type NotificationType = Exclude<MessageType, RequestType>;
export type WebviewRequest = MessageUnion<RequestType>;
export type WebviewNotification = MessageUnion<NotificationType>;
/** Any message any webview may send; each view sends a subset (views.ts). */
export type WebviewMessage = MessageUnion<MessageType>;
export type WebviewMessageType = MessageType;

export type NeighboursRequest = MessageOf<'query.neighbours'>;
export type AnalogyRequest = MessageOf<'query.analogy'>;
export type OpenPanelMessage = MessageOf<'panel.open'>;

// Every request has a result type and every result a request: a request added to the table without its entry in
// ResultMap (data.ts), or the reverse, does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestsHaveResults: Same<RequestType, keyof ResultMap> = true;
void requestsHaveResults;
