// Validates every message a webview sends before the host acts on it. A webview is untrusted input:
// a compromised or buggy page can post anything. parseWebviewMessage never throws; anything it does not
// recognise exactly (unknown type, missing/extra/ill-typed field, out-of-range number, over-long string,
// something that looks like a path or a command id) is rejected with a reason, and the reason is logged.
// Known model ids are checked by the caller (it owns the model list).
// No `vscode` import at runtime: unit tests run this in plain node.
import { EVAL_KINDS, EVAL_TARGETS, LIMITS, MAP_METHODS, MAP_SCOPES, PANEL_TABS, type PanelTab, type WebviewMessage } from '../protocol';

export interface MessageLog { appendLine(line: string): void }
export interface InvalidMessage { error: string; /** the request id when one could be read, so the caller can answer it */ id?: number }

type Fields = Record<string, unknown>;
class Invalid extends Error {}

const fail = (why: string): never => { throw new Invalid(why); };

function isPlainObject(v: unknown): v is Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Control characters, path separators, whitespace: none can be part of a token the trainer produced.
const FORBIDDEN_IN_WORD = /[\u0000-\u001f\u007f-\u009f/\\\s]/u;

function word(m: Fields, key: string, { allowEmpty = false } = {}): string {
  const v = m[key];
  if (typeof v !== 'string') return fail(`'${key}' must be a string`);
  if (!allowEmpty && v.length === 0) return fail(`'${key}' must not be empty`);
  if (v.length > LIMITS.wordLength) return fail(`'${key}' is longer than ${LIMITS.wordLength} characters`);
  if (FORBIDDEN_IN_WORD.test(v)) return fail(`'${key}' must be a single word (no spaces, slashes or control characters)`);
  return v;
}

function int(m: Fields, key: string, min: number, max: number): number {
  const v = m[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) return fail(`'${key}' must be an integer`);
  if (v < min || v > max) return fail(`'${key}' must be between ${min} and ${max}`);
  return v;
}

function requestId(m: Fields): number {
  return int(m, 'id', 0, Number.MAX_SAFE_INTEGER);
}

function only(m: Fields, allowed: readonly string[]): void {
  for (const key of Object.keys(m)) {
    if (!allowed.includes(key)) fail(`unexpected field '${key.slice(0, 40)}'`);
  }
}

function modelId(m: Fields): string {
  const v = m.modelId;
  if (typeof v !== 'string' || v.length === 0) return fail(`'modelId' must be a non-empty string`);
  if (v.length > LIMITS.modelIdLength) return fail(`'modelId' is longer than ${LIMITS.modelIdLength} characters`);
  if (/[\u0000-\u001f\u007f]/.test(v)) return fail(`'modelId' contains control characters`);
  return v;
}

function oneOf<T extends string>(m: Fields, key: string, allowed: readonly T[]): T {
  const v = m[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) return fail(`'${key}' must be one of ${allowed.join(', ')}`);
  return v as T;
}

function parse(m: Fields): WebviewMessage {
  const type = m.type;
  if (typeof type !== 'string') return fail(`'type' must be a string`);
  switch (type) {
    case 'query.neighbours':
      only(m, ['type', 'id', 'word', 'k']);
      return { type, id: requestId(m), word: word(m, 'word'), k: int(m, 'k', LIMITS.kMin, LIMITS.kMax) };
    case 'query.analogy': {
      only(m, ['type', 'id', 'a', 'b', 'c', 'method', 'k']);
      const method = m.method;
      if (method !== 'add' && method !== 'mul') return fail(`'method' must be 'add' or 'mul'`);
      return { type, id: requestId(m), a: word(m, 'a'), b: word(m, 'b'), c: word(m, 'c'), method, k: int(m, 'k', LIMITS.kMin, LIMITS.kMax) };
    }
    case 'query.similarity':
      only(m, ['type', 'id', 'a', 'b']);
      return { type, id: requestId(m), a: word(m, 'a'), b: word(m, 'b') };
    case 'query.oddOneOut': {
      only(m, ['type', 'id', 'words']);
      const id = requestId(m);
      const list = m.words;
      if (!Array.isArray(list)) return fail(`'words' must be an array`);
      if (list.length < LIMITS.oddOneOutMin || list.length > LIMITS.oddOneOutMax) {
        return fail(`'words' must hold ${LIMITS.oddOneOutMin} to ${LIMITS.oddOneOutMax} words`);
      }
      const words = list.map((w, i) => word({ [`words[${i}]`]: w }, `words[${i}]`));
      return { type, id, words };
    }
    case 'vocab.complete':
      only(m, ['type', 'id', 'prefix', 'limit']);
      return { type, id: requestId(m), prefix: word(m, 'prefix'), limit: int(m, 'limit', 1, LIMITS.completeLimitMax) };
    case 'compare.summary':
    case 'eval.files':
      only(m, ['type', 'id']);
      return { type, id: requestId(m) };
    case 'compare.word':
      only(m, ['type', 'id', 'word', 'k']);
      return { type, id: requestId(m), word: word(m, 'word'), k: int(m, 'k', LIMITS.kMin, LIMITS.compareKMax) };
    case 'map.data':
      only(m, ['type', 'id', 'word', 'n', 'method', 'scope']);
      return {
        type, id: requestId(m), word: word(m, 'word'), n: int(m, 'n', LIMITS.mapMin, LIMITS.mapMax),
        method: oneOf(m, 'method', MAP_METHODS), scope: oneOf(m, 'scope', MAP_SCOPES),
      };
    case 'eval.pick':
      only(m, ['type', 'id', 'kind']);
      return { type, id: requestId(m), kind: oneOf(m, 'kind', EVAL_KINDS) };
    case 'eval.run':
      only(m, ['type', 'id', 'target']);
      return { type, id: requestId(m), target: oneOf(m, 'target', EVAL_TARGETS) };
    case 'compare.run':
      only(m, ['type']);
      return { type };
    case 'ready':
      only(m, ['type']);
      return { type };
    case 'model.train':
      only(m, ['type']);
      return { type };
    case 'models.select':
      only(m, ['type', 'modelId']);
      return { type, modelId: modelId(m) };
    case 'word.findInFiles':
      only(m, ['type', 'word']);
      return { type, word: word(m, 'word') };
    case 'panel.open': {
      only(m, ['type', 'word', 'tab']);
      const out: { type: 'panel.open'; word?: string; tab?: PanelTab } = { type };
      if (m.word !== undefined) out.word = word(m, 'word');
      if (m.tab !== undefined) {
        if (!(PANEL_TABS as readonly unknown[]).includes(m.tab)) return fail(`'tab' must be one of ${PANEL_TABS.join(', ')}`);
        out.tab = m.tab as PanelTab;
      }
      return out;
    }
    default:
      return fail(`unknown message type '${type.slice(0, 60)}'`);
  }
}

/**
 * Returns the typed message, or `{ error }` (with the request `id` when it was readable) for anything invalid.
 * Never throws. Rejections are written to `log` when one is given.
 */
export function parseWebviewMessage(raw: unknown, log?: MessageLog): WebviewMessage | InvalidMessage {
  try {
    if (!isPlainObject(raw)) fail('a message must be a plain object');
    return parse(raw as Fields);
  } catch (err) {
    const error = err instanceof Invalid ? err.message : `could not read the message (${String(err)})`;
    let id: number | undefined;
    try {
      const candidate = isPlainObject(raw) ? raw.id : undefined;
      if (typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate >= 0) id = candidate;
    } catch { /* a getter that throws: no id */ }
    let type = '?';
    try { if (isPlainObject(raw) && typeof raw.type === 'string') type = raw.type.slice(0, 60); } catch { /* ignore */ }
    try { log?.appendLine(`[webview] rejected message (type ${JSON.stringify(type)}): ${error}`); } catch { /* a log must not break us */ }
    return id === undefined ? { error } : { error, id };
  }
}

export function isInvalid(m: WebviewMessage | InvalidMessage): m is InvalidMessage {
  return 'error' in m;
}
