// A small .gitignore matcher (pure) and a glob matcher for VS Code-style exclude globs.
// Paths are POSIX, relative to the workspace folder, without a leading slash: "docs/a.md".
//
// Supported .gitignore syntax (gitignore(5)): blank lines and # comments, \# and \! escapes, trailing
// spaces (unless escaped), ! negation, trailing / (directories only), a / at the start or in the middle
// anchors the pattern to the .gitignore's directory, *, ?, [...] classes ([!...] negated), **/, /**, /**/.
// As in git, a file inside an ignored directory cannot be re-included by a negation.

interface Rule {
  regex: RegExp;
  negated: boolean;
  dirOnly: boolean;
}

interface IgnoreFile {
  base: string; // '' for the root, else 'a/b' (no trailing slash)
  rules: Rule[];
}

/** Translates one glob (already split from its anchoring) into a regex source; '/' separates segments. */
export function globToRegexSource(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 || glob[i - 1] === '/';
        const after = i + 2 === glob.length || glob[i + 2] === '/';
        if (before && after) {
          if (i + 2 === glob.length) {
            out += '.*'; // trailing ** : everything below
            i += 2;
          } else {
            out += '(?:.*/)?'; // **/ : zero or more directories
            i += 3;
          }
          continue;
        }
        // "a**b" behaves like "a*b"
        out += '[^/]*';
        i += 2;
        while (glob[i] === '*') i++;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const end = findClassEnd(glob, i);
      if (end < 0) {
        out += '\\[';
        i++;
        continue;
      }
      let body = glob.slice(i + 1, end);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/\\(.)/g, '$1').replace(/[\\\]^]/g, '\\$&');
      out += `(?!/)[${negate ? '^' : ''}${body}]`;
      i = end + 1;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 2;
    } else {
      out += escapeRegex(c);
      i++;
    }
  }
  return out;
}

function findClassEnd(glob: string, start: number): number {
  let j = start + 1;
  if (glob[j] === '!' || glob[j] === '^') j++;
  if (glob[j] === ']') j++; // a leading ] is literal
  for (; j < glob.length; j++) {
    if (glob[j] === '\\') {
      j++;
      continue;
    }
    if (glob[j] === ']') return j;
  }
  return -1;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function parseGitignoreLine(line: string): Rule | undefined {
  let text = line.replace(/\r$/, '');
  if (text === '' || text.startsWith('#')) return undefined;
  // trailing unescaped spaces are ignored
  text = text.replace(/(?<!\\)[ \t]+$/, '');
  if (text === '') return undefined;
  let negated = false;
  if (text.startsWith('!')) {
    negated = true;
    text = text.slice(1);
  } else if (text.startsWith('\\!') || text.startsWith('\\#')) {
    text = text.slice(1);
  }
  let dirOnly = false;
  if (text.endsWith('/') && !text.endsWith('\\/')) {
    dirOnly = true;
    text = text.replace(/\/+$/, '');
  }
  if (text === '') return undefined;
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  const body = globToRegexSource(text);
  const source = anchored ? `^${body}$` : `^(?:.*/)?${body}$`;
  return { regex: new RegExp(source, 'u'), negated, dirOnly };
}

export class GitignoreMatcher {
  private readonly files: IgnoreFile[] = [];

  /** Adds the contents of the .gitignore found in `baseDir` ('' = the folder root). */
  add(baseDir: string, content: string): void {
    const base = trimSlashes(baseDir);
    const rules: Rule[] = [];
    for (const line of content.split('\n')) {
      const rule = parseGitignoreLine(line);
      if (rule) rules.push(rule);
    }
    if (rules.length === 0) return;
    this.files.push({ base, rules });
    // shallower files first, so deeper .gitignore files override them
    this.files.sort((a, b) => depth(a.base) - depth(b.base));
  }

  get size(): number {
    return this.files.length;
  }

  /** True when the path (a file, or a directory when isDir) is ignored, including via an ignored parent. */
  ignores(relPath: string, isDir = false): boolean {
    const segments = trimSlashes(relPath).split('/').filter((s) => s !== '');
    for (let i = 1; i <= segments.length; i++) {
      const sub = segments.slice(0, i).join('/');
      const dir = i < segments.length || isDir;
      if (this.decide(sub, dir)) return true;
    }
    return false;
  }

  private decide(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const file of this.files) {
      let rel: string;
      if (file.base === '') rel = path;
      else if (path.startsWith(file.base + '/')) rel = path.slice(file.base.length + 1);
      else continue;
      for (const rule of file.rules) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.regex.test(rel)) ignored = !rule.negated;
      }
    }
    return ignored;
  }
}

/**
 * VS Code-style exclude globs (files.exclude, search.exclude, embeddingLens.exclude): matched against the
 * folder-relative path; a pattern that matches a parent directory excludes everything below it.
 * Supports *, **, ?, [...] and {a,b} (nested braces too).
 */
export class GlobSet {
  private readonly regexes: RegExp[];

  constructor(patterns: readonly string[]) {
    this.regexes = [];
    for (const p of patterns) {
      for (const expanded of expandBraces(p.trim())) {
        let g = expanded.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
        if (g === '') continue;
        this.regexes.push(new RegExp(`^${globToRegexSource(g)}$`, 'u'));
      }
    }
  }

  get size(): number {
    return this.regexes.length;
  }

  matches(relPath: string): boolean {
    if (this.regexes.length === 0) return false;
    const segments = trimSlashes(relPath).split('/').filter((s) => s !== '');
    for (let i = 1; i <= segments.length; i++) {
      const sub = segments.slice(0, i).join('/');
      if (this.regexes.some((r) => r.test(sub))) return true;
    }
    return false;
  }
}

/** "a{b,c{d,e}}f" -> ["abf", "acdf", "acef"]; unbalanced braces are kept literally. */
export function expandBraces(pattern: string): string[] {
  const open = findTopBrace(pattern);
  if (!open) return [pattern];
  const [start, end] = open;
  const inner = pattern.slice(start + 1, end);
  const alternatives: string[] = [];
  let level = 0;
  let last = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') level++;
    else if (c === '}') level--;
    else if (c === ',' && level === 0) {
      alternatives.push(inner.slice(last, i));
      last = i + 1;
    }
  }
  alternatives.push(inner.slice(last));
  const prefix = pattern.slice(0, start);
  const suffix = pattern.slice(end + 1);
  const out: string[] = [];
  for (const alt of alternatives) {
    for (const rest of expandBraces(alt + suffix)) out.push(prefix + rest);
  }
  return out;
}

function findTopBrace(s: string): [number, number] | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] !== '{') continue;
    let level = 0;
    for (let j = i; j < s.length; j++) {
      if (s[j] === '\\') {
        j++;
        continue;
      }
      if (s[j] === '{') level++;
      else if (s[j] === '}') {
        level--;
        if (level === 0) return [i, j];
      }
    }
    return undefined;
  }
  return undefined;
}

function trimSlashes(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

function depth(base: string): number {
  return base === '' ? 0 : base.split('/').length;
}
