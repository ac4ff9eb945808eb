// One tokenizer for training, hover and evaluation, so a word means the same thing everywhere.
export interface TokenizerOptions {
  lowercase?: boolean; // default true
  hyphens?: 'keep' | 'split'; // default 'keep'
}

const OTHER = 0;
const WORD = 1;
const APOS = 2;
const HYPHEN = 3;
const HIGH_SURROGATE = 4;
const UNKNOWN = -1;

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

// Classify each BMP code unit once, lazily: a regex test per character would dominate a 100 MB corpus.
const bmpClass = new Int8Array(65536).fill(UNKNOWN);
const astralClass = new Map<number, number>();
const asciiWord = new Uint8Array(128);

for (let c = 0; c < 128; c++) {
  const isWord = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  asciiWord[c] = isWord ? 1 : 0;
  bmpClass[c] = isWord ? WORD : OTHER;
}
bmpClass[0x27] = APOS;
bmpClass[0x2019] = APOS;
bmpClass[0x2d] = HYPHEN;
bmpClass[0x2010] = HYPHEN;
bmpClass[0x2011] = HYPHEN;
bmpClass.fill(HIGH_SURROGATE, 0xd800, 0xdc00);
bmpClass.fill(OTHER, 0xdc00, 0xe000);

function classOf(c: number): number {
  let k = bmpClass[c];
  if (k === UNKNOWN) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? WORD : OTHER;
    bmpClass[c] = k;
  }
  return k;
}

/** Length in code units of the word character at i (0 when it is not one). */
function wordWidth(s: string, i: number, to: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return asciiWord[c];
  const k = classOf(c);
  if (k === WORD) return 1;
  if (k !== HIGH_SURROGATE || i + 1 >= to) return 0;
  const lo = s.charCodeAt(i + 1);
  if (lo < 0xdc00 || lo > 0xdfff) return 0;
  const cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  let a = astralClass.get(cp);
  if (a === undefined) {
    a = WORD_CHAR.test(String.fromCodePoint(cp)) ? WORD : OTHER;
    astralClass.set(cp, a);
  }
  return a === WORD ? 2 : 0;
}

// Longer runs are hashes, base64 or minified data, not words: dropping them keeps a 50 MB file
// without spaces from becoming one 50 MB vocabulary entry (word2vec.c's MAX_STRING is 100 too).
export const MAX_TOKEN_LENGTH = 100;

const NON_ASCII_JOINER = /[\u2019\u2010\u2011]/g;
const normaliseJoiner = (m: string): string => (m === '\u2019' ? "'" : '-');

/**
 * Scans s[from, to) — already lowercased if wanted — and emits each token.
 * A token is a run of letters/marks/digits; a run of apostrophes between two such runs is kept
 * (don't, rock''n), and with keepHyphens so is a single hyphen (state-of-the-art).
 */
export function scanTokens(s: string, from: number, to: number, keepHyphens: boolean, emit: (token: string) => void): void {
  let i = from;
  while (i < to) {
    let w = wordWidth(s, i, to);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    let normalise = false;
    for (;;) {
      while (i < to && (w = wordWidth(s, i, to)) > 0) i += w;
      end = i;
      if (i >= to) break;
      let j = i;
      let hyphens = 0;
      let exotic = false;
      while (j < to) {
        const c = s.charCodeAt(j);
        const k = c < 128 ? (c === 0x27 ? APOS : c === 0x2d ? HYPHEN : OTHER) : bmpClass[c];
        if (k === APOS) {
          if (c !== 0x27) exotic = true;
        } else if (k === HYPHEN && keepHyphens) {
          hyphens++;
          if (c !== 0x2d) exotic = true;
        } else break;
        j++;
      }
      if (j === i || j >= to || hyphens > 1 || (hyphens === 1 && j - i > 1)) break;
      if (wordWidth(s, j, to) === 0) break;
      if (exotic) normalise = true;
      i = j;
    }
    i = end;
    if (end - start > MAX_TOKEN_LENGTH) continue;
    const token = s.slice(start, end);
    emit(normalise ? token.replace(NON_ASCII_JOINER, normaliseJoiner) : token);
  }
}

export function forEachToken(text: string, options: TokenizerOptions, onToken: (token: string) => void): void {
  const s = options.lowercase === false ? text : text.toLowerCase();
  scanTokens(s, 0, s.length, options.hyphens !== 'split', onToken);
}

export function tokenize(text: string, options: TokenizerOptions = {}): string[] {
  const out: string[] = [];
  forEachToken(text, options, (t) => out.push(t));
  return out;
}

/** The token training would see for this word, or undefined when it is not exactly one token. */
export function normalizeWord(word: string, options: TokenizerOptions = {}): string | undefined {
  const tokens = tokenize(word, options);
  return tokens.length === 1 ? tokens[0] : undefined;
}
