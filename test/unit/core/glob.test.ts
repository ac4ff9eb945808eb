// The linear-time glob automaton (src/core/glob.ts): semantics, a differential check against the regex
// translation it replaced (on small patterns, where backtracking is harmless), and the pathological inputs
// from the security review, which must complete and give the right answer (their timing is in bench/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Glob, GlobLimitError, GLOB_LIMITS } from '../../../src/core/glob';
import { seededRandom } from '../../../src/core/random';

// ---------------------------------------------------------------- the old translation, as an oracle
function legacySource(glob: string): string {
  let out = '';
  let i = 0;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const before = i === 0 || glob[i - 1] === '/';
        const after = i + 2 === glob.length || glob[i + 2] === '/';
        if (before && after) {
          if (i + 2 === glob.length) { out += '.*'; i += 2; } else { out += '(?:.*/)?'; i += 3; }
          continue;
        }
        out += '[^/]*';
        i += 2;
        while (glob[i] === '*') i++;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') { out += '[^/]'; i++; } else { out += esc(c); i++; }
  }
  return out;
}
function expand(p: string): string[] {
  const open = p.indexOf('{');
  if (open < 0) return [p];
  let level = 0;
  for (let j = open; j < p.length; j++) {
    if (p[j] === '{') level++;
    else if (p[j] === '}' && --level === 0) {
      const inner = p.slice(open + 1, j);
      const alts: string[] = [];
      let l = 0, last = 0;
      for (let k = 0; k < inner.length; k++) {
        if (inner[k] === '{') l++; else if (inner[k] === '}') l--; else if (inner[k] === ',' && l === 0) { alts.push(inner.slice(last, k)); last = k + 1; }
      }
      alts.push(inner.slice(last));
      return alts.flatMap((a) => expand(p.slice(0, open) + a + p.slice(j + 1)));
    }
  }
  return [p];
}
const legacy = (pattern: string, path: string) => expand(pattern).some((g) => new RegExp(`^${legacySource(g)}$`, 'u').test(path));

test('literal, ?, * and classes stay within one folder', () => {
  const g = (p: string) => new Glob(p, 'gitignore');
  assert.ok(g('a.md').matches('a.md'));
  assert.ok(!g('a.md').matches('b/a.md'));
  assert.ok(g('*.md').matches('notes.md'));
  assert.ok(!g('*.md').matches('docs/notes.md'));
  assert.ok(g('v?.md').matches('v1.md'));
  assert.ok(!g('v?.md').matches('v/.md'));
  assert.ok(g('file[0-9].md').matches('file7.md'));
  assert.ok(!g('file[!0-9].md').matches('file7.md'));
  assert.ok(g('[]x]').matches(']'), 'a leading ] is literal');
  assert.ok(g('\\*').matches('*') && !g('\\*').matches('a'));
  assert.ok(g('é?').matches('éü'), 'characters are code points');
  assert.ok(g('?').matches('😀'), '? is one code point, not one UTF-16 unit');
});

test('** forms: folders, tail and everything', () => {
  const g = (p: string, mode: 'gitignore' | 'vscode' = 'gitignore') => new Glob(p, mode);
  assert.ok(g('**/x').matches('x') && g('**/x').matches('a/b/x'));
  assert.ok(g('a/**/z').matches('a/z') && g('a/**/z').matches('a/b/c/z'));
  assert.ok(!g('a/**/z').matches('ab/z'));
  assert.ok(g('logs/**').matches('logs/a/b.md'));
  assert.ok(!g('logs/**').matches('logs'), 'gitignore: a trailing /** is what is inside, not the folder');
  assert.ok(g('logs/**', 'vscode').matches('logs'), 'VS Code: a/** matches a too');
  assert.ok(g('**').matches('any/thing'));
  assert.ok(g('a**b').matches('axxb') && !g('a**b').matches('a/b'), '** inside a segment is *');
});

test('braces are alternation, nested, with ** inside', () => {
  const g = new Glob('**/*.{md,tx{t,tt}}', 'vscode');
  for (const p of ['a.md', 'd/a.txt', 'd/e/a.txtt']) assert.ok(g.matches(p), p);
  for (const p of ['a.tx', 'a.mdx', 'a.ttt']) assert.ok(!g.matches(p), p);
  assert.ok(new Glob('{docs,src/x}/**', 'vscode').matches('src/x/y.md'));
  assert.ok(new Glob('{**/a,b}', 'vscode').matches('q/r/a'));
  assert.ok(new Glob('open{', 'vscode').matches('open{'), 'an unbalanced brace is literal');
  assert.ok(new Glob('{a,}b', 'vscode').matches('b') && new Glob('{a,}b', 'vscode').matches('ab'));
});

test('couldMatchBelow prunes folders that cannot hold a match', () => {
  const g = new Glob('docs/**/*.md', 'vscode');
  assert.ok(g.couldMatchBelow('docs'));
  assert.ok(g.couldMatchBelow('docs/a/b'));
  assert.ok(!g.couldMatchBelow('src'));
  assert.ok(new Glob('**/*.md', 'vscode').couldMatchBelow('anything/at/all'));
  assert.ok(!new Glob('a.md', 'vscode').couldMatchBelow('b'));
});

test('differential: the automaton agrees with the regex translation it replaced', () => {
  const rand = seededRandom(15);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const atoms = ['a', 'b', 'ab', '*', '?', '/', '**/', '/**', '{a,b}', '{a*,b/}', '.'];
  const pathAtoms = ['a', 'b', 'ab', 'ba', '/', '.', 'aa'];
  let compared = 0;
  for (let n = 0; n < 4000; n++) {
    let pattern = '';
    for (let k = 1 + Math.floor(rand() * 5); k > 0; k--) pattern += pick(atoms);
    let path = '';
    for (let k = 1 + Math.floor(rand() * 6); k > 0; k--) path += pick(pathAtoms);
    path = path.replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
    // Left out on purpose: a trailing ** (its meaning differs by mode), ** inside braces, and *** (git's wildmatch
    // treats "***/" as "**/", the old translation as "*/").
    if (path === '' || /(^|\/)\*\*\/?$|\{[^}]*\*\*|\*\*\*/.test(pattern)) continue;
    // the old expansion applied ** boundaries after expanding; compare on each expanded alternative
    const want = legacy(pattern, path);
    const got = new Glob(pattern, 'gitignore').matches(path);
    assert.equal(got, want, `pattern ${JSON.stringify(pattern)} path ${JSON.stringify(path)}`);
    compared++;
  }
  assert.ok(compared > 2000, `only ${compared} cases compared`);
});

test('pathological patterns complete with the right answer', () => {
  const name40 = 'a'.repeat(40);
  const star = new Glob('*a*a*a*a*a*a*a*a*a*a*ab', 'gitignore');
  assert.equal(star.matches(name40), false);
  assert.equal(star.matches('a'.repeat(5000)), false);
  assert.equal(star.matches('a'.repeat(39) + 'b'), true);

  const deep = Array.from({ length: 40 }, () => 'x').join('/');
  const dirs = new Glob('x/**/**/**/**/**/**/**/**/**/**/y', 'gitignore');
  assert.equal(dirs.matches(deep), false);
  assert.equal(dirs.matches(deep + '/y'), true);

  const braces = new Glob('{a,b}'.repeat(22), 'vscode');
  assert.equal(braces.matches('ab'.repeat(11)), true);
  assert.equal(braces.matches('ab'.repeat(11) + 'a'), false);
  assert.ok(braces.states < 200, `${braces.states} states: braces are not expanded`);
  const nested = new Glob('{'.repeat(GLOB_LIMITS.braceDepth) + 'a' + '}'.repeat(GLOB_LIMITS.braceDepth), 'vscode');
  assert.ok(nested.matches('a'));
});

test('a pattern over the caps is a GlobLimitError naming the limit', () => {
  assert.throws(() => new Glob('a'.repeat(GLOB_LIMITS.patternLength + 1)), (e: unknown) => e instanceof GlobLimitError && /longer than the 2,000 allowed/.test((e as Error).message));
  const deep = '{'.repeat(GLOB_LIMITS.braceDepth + 1) + 'a' + '}'.repeat(GLOB_LIMITS.braceDepth + 1);
  assert.throws(() => new Glob(deep), (e: unknown) => e instanceof GlobLimitError && /nested more than 16 deep/.test((e as Error).message));
});
