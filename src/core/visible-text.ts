// Making untrusted words visible and inert wherever they are shown (pure). Words come from the workspace and
// from imported vector files, so they may hold:
// - C0/C1 control characters (ESC, BEL, CSI U+009B, …): a terminal obeys them (colours, cursor moves, OSC 8
//   hyperlinks, line erases);
// - bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE, the isolates U+2066–U+2069, …): they reorder the text around
//   them, so a line can read differently from what it holds ("Trojan Source");
// - invisible format characters (zero-width space and joiners, word joiner, BOM, soft hyphen, tag characters):
//   two different words look the same.
// None of these are ever stripped silently (that would make different words look alike); each is shown as a
// visible code: `\x1B` / `\u202E` in a terminal, `⟨U+202E⟩` in hovers and views. The word itself (in command
// arguments, requests, files) is never changed.

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// bidi controls, zero-width and other invisible format characters, line/paragraph separators, tag characters
// (variation selectors are left alone: emoji and CJK text use them, and they do change the glyph)
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/;
const ANY = new RegExp(`${CONTROL.source}|${INVISIBLE.source}`, 'g');

const hex = (cp: number, width: number) => cp.toString(16).toUpperCase().padStart(width, '0');

/** True when the text holds a character that a terminal obeys, that reorders text, or that cannot be seen. */
export function hasUnsafeCharacters(text: string): boolean {
  ANY.lastIndex = 0;
  return ANY.test(text);
}

/** For a terminal: C0/C1 controls as `\xHH`, bidi and invisible characters as `\uXXXX` (`\u{XXXXX}` beyond the BMP). */
export function terminalSafe(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(ANY, (ch) => {
    if (opts.keepNewlines && ch === '\n') return ch;
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x9f) return `\\x${hex(cp, 2)}`;
    return cp > 0xffff ? `\\u{${hex(cp, 5)}}` : `\\u${hex(cp, 4)}`;
  });
}

/** For hovers and webviews: every control, bidi and invisible character as a visible `⟨U+XXXX⟩`. */
export function visibleText(text: string): string {
  return text.replace(ANY, (ch) => `⟨U+${hex(ch.codePointAt(0)!, 4)}⟩`);
}
