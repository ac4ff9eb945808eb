// V8 keeps a substring of 13 or more characters as a view of the string it was cut from, so a cache or map key
// sliced from a whole file would keep the whole file alive. This forces a small flat copy.
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
