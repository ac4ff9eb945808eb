// A .gitignore matcher and a matcher for VS Code-style exclude/include globs (pure), both on the linear-time
// automaton of glob.ts. Paths are POSIX, relative to the workspace folder, without a leading slash: "docs/a.md".
//
// Supported .gitignore syntax (gitignore(5)): blank lines and # comments, \# and \! escapes, trailing
// spaces (unless escaped), ! negation, trailing / (directories only), a / at the start or in the middle
// anchors the pattern to the .gitignore's directory, *, ?, [...] classes ([!...] negated), **/, /**, /**/.
// As in git, a file inside an ignored directory cannot be re-included by a negation.
//
// What a workspace can make this cost is capped (IGNORE_LIMITS, GLOB_LIMITS): a cap that is hit is a
// GlobLimitError whose message names the file or setting and the limit, never a silent truncation (dropping
// rules would train on files the user meant to leave out).
import { Glob, GlobLimitError } from './glob';

export { GlobLimitError, GLOB_LIMITS } from './glob';

export const IGNORE_LIMITS = {
  /** bytes of one .gitignore file */
  gitignoreBytes: 256 * 1024,
  /** rules over all the .gitignore files of one workspace folder */
  gitignoreRules: 10_000,
  /** patterns in one GlobSet (files.exclude + search.exclude + embeddingLens.exclude, or the include list) */
  globPatterns: 2_000,
} as const;

export interface Rule {
  glob: Glob;
  negated: boolean;
  dirOnly: boolean;
}

/** Parses one .gitignore line; undefined for blanks and comments. Throws GlobLimitError for an oversized pattern. */
export function parseGitignoreLine(line: string): Rule | undefined {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text === '' || text.startsWith('#')) return undefined;
  text = trimTrailingSpaces(text);
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
    while (text.endsWith('/')) text = text.slice(0, -1);
  }
  if (text === '') return undefined;
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  // An unanchored pattern matches at any depth below the .gitignore's folder.
  return { glob: new Glob(text, 'gitignore', !anchored), negated, dirOnly };
}

/** Trailing spaces and tabs are dropped unless the last one is escaped with a backslash (linear, no regex). */
function trimTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end < text.length && end > 0 && text[end - 1] === '\\') end++; // "a\ " keeps its escaped space
  return text.slice(0, end);
}

export class GitignoreMatcher {
  /** rules by the folder of their .gitignore ('' = the workspace folder) */
  private readonly byBase = new Map<string, Rule[]>();
  private rules = 0;

  /**
   * Adds the contents of the .gitignore found in `baseDir` ('' = the folder root). `source` names it in errors.
   * Throws GlobLimitError when the file or the total number of rules is over IGNORE_LIMITS.
   */
  add(baseDir: string, content: string, source = `${baseDir ? baseDir + '/' : ''}.gitignore`): void {
    const base = trimSlashes(baseDir);
    if (content.length > IGNORE_LIMITS.gitignoreBytes) {
      throw new GlobLimitError(`${source} is larger than the ${formatBytes(IGNORE_LIMITS.gitignoreBytes)} Embedding Lens reads for a .gitignore (${content.length.toLocaleString('en')} characters)`);
    }
    const rules = this.byBase.get(base) ?? [];
    let lineNo = 0;
    let start = 0;
    while (start <= content.length) {
      let nl = content.indexOf('\n', start);
      if (nl < 0) nl = content.length;
      lineNo++;
      const line = content.slice(start, nl);
      start = nl + 1;
      let rule: Rule | undefined;
      try {
        rule = parseGitignoreLine(line);
      } catch (e) {
        if (e instanceof GlobLimitError) throw new GlobLimitError(`${source}, line ${lineNo}: ${e.message}`);
        throw e;
      }
      if (!rule) continue;
      if (++this.rules > IGNORE_LIMITS.gitignoreRules) {
        throw new GlobLimitError(`the .gitignore files hold more than ${IGNORE_LIMITS.gitignoreRules.toLocaleString('en')} rules (the limit was reached at ${source}, line ${lineNo})`);
      }
      rules.push(rule);
    }
    if (rules.length) this.byBase.set(base, rules);
  }

  /** Number of .gitignore files with at least one rule. */
  get size(): number {
    return this.byBase.size;
  }

  /** True when the path (a file, or a directory when isDir) is ignored, including via an ignored parent. */
  ignores(relPath: string, isDir = false): boolean {
    const segments = trimSlashes(relPath).split('/').filter((s) => s !== '');
    for (let i = 1; i <= segments.length; i++) {
      const sub = segments.slice(0, i).join('/');
      if (this.ignoresEntry(sub, i < segments.length || isDir)) return true;
    }
    return false;
  }

  /**
   * The decision for the entry itself, assuming its parent folders are not ignored (a folder walk checks each
   * folder as it enters it). Cost: one map lookup per parent folder plus the rules that apply.
   */
  ignoresEntry(path: string, isDir: boolean): boolean {
    let ignored = false;
    let cut = -1;
    // every folder from the root down to the entry's parent may hold a .gitignore
    for (;;) {
      const base = cut < 0 ? '' : path.slice(0, cut);
      const rules = this.byBase.get(base);
      if (rules) {
        const rel = cut < 0 ? path : path.slice(cut + 1);
        for (const rule of rules) {
          if (rule.dirOnly && !isDir) continue;
          if (rule.negated === ignored && rule.glob.matches(rel)) ignored = !rule.negated; // only a rule that would flip the decision is tested
        }
      }
      const nextCut = path.indexOf('/', cut + 1);
      if (nextCut < 0) break;
      cut = nextCut;
    }
    return ignored;
  }
}

/**
 * VS Code-style globs (files.exclude, search.exclude, embeddingLens.exclude/include): matched against the
 * folder-relative path; for excludes, a pattern that matches a parent directory excludes everything below it.
 * Supports *, **, ?, [...] and {a,b} (nested braces too, as alternation: nothing is expanded).
 */
export class GlobSet {
  private readonly globs: Glob[];

  /** `source` names the setting in errors. Throws GlobLimitError over IGNORE_LIMITS.globPatterns or GLOB_LIMITS. */
  constructor(patterns: readonly string[], source = 'the exclude settings') {
    if (patterns.length > IGNORE_LIMITS.globPatterns) {
      throw new GlobLimitError(`${source} list ${patterns.length.toLocaleString('en')} patterns, more than the ${IGNORE_LIMITS.globPatterns.toLocaleString('en')} Embedding Lens applies`);
    }
    this.globs = [];
    for (const p of patterns) {
      let g = p.trim();
      if (g.startsWith('./')) g = g.slice(2);
      while (g.startsWith('/')) g = g.slice(1);
      while (g.endsWith('/')) g = g.slice(0, -1);
      if (g === '') continue;
      try {
        this.globs.push(new Glob(g, 'vscode'));
      } catch (e) {
        if (e instanceof GlobLimitError) throw new GlobLimitError(`${source}: ${e.message}`);
        throw e;
      }
    }
  }

  get size(): number {
    return this.globs.length;
  }

  /** True when the path or one of its parent folders matches (the exclude semantics). */
  matches(relPath: string): boolean {
    if (this.globs.length === 0) return false;
    const path = trimSlashes(relPath);
    for (let cut = path.indexOf('/'); ; cut = path.indexOf('/', cut + 1)) {
      const sub = cut < 0 ? path : path.slice(0, cut);
      if (sub !== '' && this.globs.some((g) => g.matches(sub))) return true;
      if (cut < 0) return false;
    }
  }

  /** True when the path itself matches (the include semantics). */
  matchesExactly(relPath: string): boolean {
    return this.globs.some((g) => g.matches(relPath));
  }

  /** True when something below the folder could match one of the patterns (the include walk prunes the rest). */
  couldMatchBelow(dir: string): boolean {
    return this.globs.some((g) => g.couldMatchBelow(dir));
  }
}

function trimSlashes(p: string): string {
  let s = p.includes('\\') ? p.split('\\').join('/') : p;
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === '/') a++;
  while (b > a && s[b - 1] === '/') b--;
  s = s.slice(a, b);
  return s;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
