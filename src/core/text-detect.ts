// Decides whether file bytes are text worth training on (pure).
// Binary: a NUL byte in the first 8 KB, or more than 10% control bytes there (tab, LF, CR, FF, VT, ESC
// excluded). Text must be valid UTF-8 (a UTF-8 BOM is dropped); anything else is reported, not guessed.

export const SNIFF_BYTES = 8192;
export const MAX_CONTROL_RATIO = 0.1;

export type TextDecision =
  | { kind: 'text'; text: string }
  | { kind: 'binary' }
  | { kind: 'invalid-utf8' };

export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) || b === 0x7f) control++;
  }
  return control / n > MAX_CONTROL_RATIO;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeText(bytes: Uint8Array): TextDecision {
  if (looksBinary(bytes)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: decoder.decode(bytes) };
  } catch {
    return { kind: 'invalid-utf8' };
  }
}
