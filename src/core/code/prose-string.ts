// Which string literals read as prose (pure). Messages, labels and descriptions do; keys, identifiers, paths,
// URLs, MIME types, format strings, JSON, markup, regular expressions and code do not.

const URL_OR_EMAIL = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:|data:)|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/i;
const BRACKETED = /^\s*(?:[[{<(][\s\S]*[\]}>)]|<[\s\S]*)\s*$/;
const WORD = /^[("'“‘¿¡]*[\p{L}][\p{L}\p{M}'’-]*[)"'”’.,:;!?…]*$/u;
const CODE_CHAR = /[{}()[\];=<>|&$\\^~`*#@%]/g;

export const MIN_PROSE_WORDS = 2;

/** True when a string literal's text (without its quotes) reads as prose worth training on. */
export function isProseString(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || URL_OR_EMAIL.test(t) || BRACKETED.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length < MIN_PROSE_WORDS) return false; // keys, enum values, identifiers, paths, base64
  let wordy = 0;
  for (const w of words) if (WORD.test(w)) wordy++;
  if (wordy < MIN_PROSE_WORDS || wordy / words.length < 0.5) return false;
  const nonSpace = t.replace(/\s+/g, '').length;
  const code = t.match(CODE_CHAR)?.length ?? 0;
  return code / nonSpace <= 0.1;
}
