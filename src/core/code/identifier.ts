// Splits identifiers into words (pure): camelCase, PascalCase, snake_case, SCREAMING_SNAKE_CASE, kebab-case and
// dotted names. Acronym runs stay whole (HTTPServer -> HTTP, Server; parseHTMLString -> parse, HTML, String; URLs
// -> URLs), digits stay with the letters they belong to (utf8, base64, x86, Float32 | Array, Unity | 3D | Engine),
// words that are spelled with inner capitals stay whole (data/compound-words.txt), and sigils and leading or
// trailing underscores go (__init__, $scope, @Input).
import compoundText from './data/compound-words.txt';
import { detach } from '../detach';

const COMPOUNDS: readonly string[] = compoundText.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  .sort((a, b) => b.length - a.length); // longest first
const COMPOUNDS_LOWER = new Set(COMPOUNDS.map((c) => c.toLowerCase()));
const COMPOUND_ANYWHERE = new RegExp(COMPOUNDS.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** Anything that is not a letter, mark or digit separates words (_ - . $ @ : / and the rest). */
const SEPARATOR = /[^\p{L}\p{M}\p{N}]+/u;
const UPPER = /\p{Lu}|\p{Lt}/u;
const DIGIT = /\p{N}/u;
const MARK = /\p{M}/u;

const U = 1;
const L = 2;
const D = 3;

// ASCII first (most identifiers): a chunk holds only letters, marks and digits, and in ASCII the digits are 0-9,
// the capitals A-Z and there are no marks; anything else goes through the Unicode classes.
function classOf(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c < 128) return c >= 48 && c <= 57 ? D : c >= 65 && c <= 90 ? U : L;
  if (DIGIT.test(ch)) return D;
  return UPPER.test(ch) ? U : L;
}

interface Run { kind: number; text: string }

function runsOf(chunk: string): Run[] {
  const runs: Run[] = [];
  for (const ch of chunk) {
    const last = runs[runs.length - 1];
    if (last && ch.charCodeAt(0) >= 128 && MARK.test(ch)) { last.text += ch; continue; }
    const k = classOf(ch);
    if (last && last.kind === k) last.text += ch;
    else runs.push({ kind: k, text: ch });
  }
  return runs;
}

/** Case and digit boundaries of one separator-free chunk without compounds. */
function splitCase(chunk: string, out: string[]): void {
  const runs = runsOf(chunk);
  // 1. letter words: a capital starts a word; in a run of capitals the last one starts the next word when
  //    lowercase follows (HTMLString -> HTML String), except a plural "s" (URLs, IDs).
  const words: Run[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i]!;
    const next = runs[i + 1];
    if (r.kind === U && next?.kind === L) {
      const after = runs[i + 2];
      if (r.text.length > 1 && next.text === 's' && (!after || after.kind !== L)) {
        words.push({ kind: U, text: r.text + 's' });
      } else {
        const chars = [...r.text];
        if (chars.length > 1) words.push({ kind: U, text: chars.slice(0, -1).join('') });
        words.push({ kind: L, text: chars[chars.length - 1]! + next.text });
      }
      i++;
    } else {
      words.push(r);
    }
  }
  // 2. digits: "3D"-style units (digits + one capital that ends a word) stand alone; otherwise digits join the
  //    letters before them (utf8, Float32, x86) or, at the start, the letters after them (2fa, 3rd).
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.kind !== D) { out.push(w.text); continue; }
    const next = words[i + 1];
    const prev = i > 0 ? words[i - 1] : undefined;
    if (next && next.kind === U && [...next.text].length === 1) {
      out.push(w.text + next.text);
      i++;
    } else if (prev && prev.kind !== D && out.length) {
      out[out.length - 1] += w.text;
    } else if (next && next.kind === L && !prev) {
      out.push(w.text + next.text);
      i++;
    } else {
      out.push(w.text);
    }
  }
}

function isLower(ch: string | undefined): boolean {
  return ch !== undefined && !UPPER.test(ch) && !DIGIT.test(ch) && ch.toLowerCase() === ch && ch.toUpperCase() !== ch;
}

/** Splits out compound words written exactly as listed (GitHub, IPv6, UPnP), then case-splits the rest. */
function splitChunk(chunk: string, out: string[]): void {
  if (COMPOUNDS_LOWER.has(chunk.toLowerCase())) { out.push(chunk); return; }
  if (!COMPOUND_ANYWHERE.test(chunk)) { splitCase(chunk, out); return; }
  for (const c of COMPOUNDS) {
    let at = chunk.indexOf(c);
    while (at >= 0) {
      const before = at > 0 ? chunk[at - 1] : undefined;
      const after = chunk[at + c.length];
      // starts a word (a capital, or nothing/lowercase-free before it) and ends one (no lowercase after it)
      const startsWord = at === 0 || UPPER.test(c[0]!) || !isLower(before);
      if (startsWord && !isLower(after)) {
        if (at > 0) splitChunk(chunk.slice(0, at), out);
        out.push(c);
        if (at + c.length < chunk.length) splitChunk(chunk.slice(at + c.length), out);
        return;
      }
      at = chunk.indexOf(c, at + 1);
    }
  }
  splitCase(chunk, out);
}

/** The words of an identifier, in their original case. */
export function splitIdentifier(identifier: string): string[] {
  const out: string[] = [];
  for (const chunk of identifier.split(SEPARATOR)) if (chunk) splitChunk(chunk, out);
  return out;
}

/** Member access and path separators: `os.path.join`, `std::vector`, `$this->name` are several identifiers. */
const MEMBER_SEPARATOR = /\.|::|->|[/\\:]/;

/** Parts shorter than this carry no meaning on their own (x, i, s of K8s) and are not emitted. */
export const MIN_PART_LENGTH = 2;

const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 200_000;

/**
 * The training tokens of an identifier as written in code: for each member (os.path.join: os, path, join), the
 * whole identifier when it has several parts (its parts joined with "_", so getUserName, get_user_name and
 * GET_USER_NAME are one word), then its parts. Lowercased unless `lowercase` is false.
 */
export function identifierTokens(identifier: string, lowercase = true): readonly string[] {
  const key = lowercase ? identifier : '\u0000' + identifier;
  const hit = cache.get(key);
  if (hit) return hit;
  const tokens: string[] = [];
  for (const member of identifier.split(MEMBER_SEPARATOR)) {
    const parts = splitIdentifier(member).map((p) => (lowercase ? p.toLowerCase() : p));
    if (parts.length > 1) tokens.push(parts.join('_'));
    for (const p of parts) if (hasCodePoints(p, MIN_PART_LENGTH)) tokens.push(p);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(detach(key), tokens);
  return tokens;
}

/** True when `s` has at least `n` code points (as `[...s].length >= n`, without the array). */
function hasCodePoints(s: string, n: number): boolean {
  if (s.length >= 2 * n) return true;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) i++;
    }
    if (++count >= n) return true;
  }
  return false;
}

/** The vocabulary word of a whole identifier (its parts joined with "_"), or undefined when it has one part. */
export function wholeIdentifierWord(identifier: string, lowercase = true): string | undefined {
  if (!identifier.includes('.')) {
    const tokens = identifierTokens(identifier, lowercase);
    return tokens.length > 1 && tokens[0]!.includes('_') ? tokens[0] : undefined;
  }
  const parts = splitIdentifier(identifier);
  if (parts.length < 2) return undefined;
  return (lowercase ? parts.map((p) => p.toLowerCase()) : parts).join('_');
}

/**
 * True for a word written like an identifier rather than like prose: snake_case (an underscore between
 * letters or digits), camelCase (a lowercase letter or digit before a capital) or an acronym before a word
 * (HTMLString). "URLs", "Hello" and "NASA" are not.
 */
export function looksLikeIdentifier(word: string): boolean {
  // Most prose words are ASCII with no "_" and no capital after the first letter: none of the shapes can match.
  let plain = true;
  for (let i = 0; i < word.length && plain; i++) {
    const c = word.charCodeAt(i);
    plain = c < 128 && c !== 95 && (i === 0 || c < 65 || c > 90);
  }
  if (plain) return false;
  return /[\p{L}\p{N}]_+[\p{L}\p{N}]/u.test(word) || /[\p{Ll}\p{N}]\p{Lu}/u.test(word) || /\p{Lu}\p{Lu}\p{Ll}/u.test(word.replace(/(\p{Lu})s(?=$|\P{L})/gu, '$1'));
}
