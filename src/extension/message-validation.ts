// Validates every message a webview sends before the host acts on it, against the one declaration of its fields
// (MESSAGES in src/protocol/messages.ts, which the types are derived from). A webview is untrusted input:
// a compromised or buggy page can post anything. parseWebviewMessage never throws; anything it does not
// recognise exactly (unknown type, missing/extra/ill-typed field, out-of-range number, over-long string,
// something that looks like a path or a command id) is rejected with a reason, and the reason is logged.
// Known model ids are checked by the caller (it owns the model list).
// No `vscode` import at runtime: unit tests run this in plain node.
import {
  LIMITS, MESSAGES, VIEW_SENDS, type Field, type FromView, type MessageSpec, type MessageType, type ViewName, type WebviewMessage,
} from '../protocol';

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

function field(m: Fields, key: string, spec: Field): unknown {
  switch (spec.kind) {
    case 'word': return word(m, key);
    case 'modelId': return modelId(m);
    case 'int': return int(m, key, spec.min, spec.max);
    case 'oneOf': return oneOf(m, key, spec.values);
    case 'words': {
      const list = m[key];
      if (!Array.isArray(list)) return fail(`'${key}' must be an array`);
      if (list.length < spec.min || list.length > spec.max) return fail(`'${key}' must hold ${spec.min} to ${spec.max} words`);
      return list.map((w, i) => word({ [`${key}[${i}]`]: w }, `${key}[${i}]`));
    }
    case 'optional': return m[key] === undefined ? undefined : field(m, key, spec.field);
  }
}

/** Checks `m` against its entry in MESSAGES, field by field in the table's order, and copies only those fields. */
function parse(m: Fields, allowed: readonly MessageType[]): WebviewMessage {
  const type = m.type;
  if (typeof type !== 'string') return fail(`'type' must be a string`);
  // own keys only: '__proto__', 'constructor' or 'toString' must not find the prototype's members
  if (!Object.hasOwn(MESSAGES, type)) return fail(`unknown message type '${type.slice(0, 60)}'`);
  const t = type as MessageType;
  if (!allowed.includes(t)) return fail(`this view does not send '${t}'`);
  const spec: MessageSpec = MESSAGES[t];
  const fields = Object.entries(spec.fields);
  only(m, ['type', ...(spec.request ? ['id'] : []), ...fields.map(([key]) => key)]);
  const out: Fields = { type: t };
  if (spec.request) out.id = requestId(m);
  for (const [key, f] of fields) {
    const value = field(m, key, f);
    if (value !== undefined) out[key] = value;
  }
  return out as WebviewMessage;
}

const ALL_TYPES = Object.keys(MESSAGES) as MessageType[];

/**
 * Returns the typed message, or `{ error }` (with the request `id` when it was readable) for anything invalid.
 * Never throws. Rejections are written to `log` when one is given. With `view`, only that view's messages
 * (VIEW_SENDS) are accepted; without it, any message of the protocol.
 */
export function parseWebviewMessage(raw: unknown, log?: MessageLog): WebviewMessage | InvalidMessage;
export function parseWebviewMessage<V extends ViewName>(raw: unknown, log: MessageLog | undefined, view: V): FromView<V> | InvalidMessage;
export function parseWebviewMessage(raw: unknown, log?: MessageLog, view?: ViewName): WebviewMessage | InvalidMessage {
  try {
    if (!isPlainObject(raw)) fail('a message must be a plain object');
    return parse(raw as Fields, view === undefined ? ALL_TYPES : VIEW_SENDS[view]);
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

export function isInvalid<M extends object>(m: M | InvalidMessage): m is InvalidMessage {
  return 'error' in m;
}
