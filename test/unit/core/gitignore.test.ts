import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitignoreMatcher, GlobLimitError, GlobSet, IGNORE_LIMITS, parseGitignoreLine } from '../../../src/core/gitignore';

test('comments, blanks and trailing spaces', () => {
  assert.equal(parseGitignoreLine('# comment'), undefined);
  assert.equal(parseGitignoreLine('   '), undefined);
  assert.equal(parseGitignoreLine(''), undefined);
  const m = new GitignoreMatcher();
  m.add('', 'notes.md   \n\\#hash.md\n');
  assert.ok(m.ignores('notes.md'));
  assert.ok(m.ignores('#hash.md'));
});

test('unanchored names match at any depth; a slash anchors', () => {
  const m = new GitignoreMatcher();
  m.add('', 'build\n/root-only.md\ndocs/generated.md\n*.log\n');
  assert.ok(m.ignores('build/x.md'));
  assert.ok(m.ignores('a/b/build/x.md'));
  assert.ok(m.ignores('root-only.md'));
  assert.ok(!m.ignores('sub/root-only.md'));
  assert.ok(m.ignores('docs/generated.md'));
  assert.ok(!m.ignores('x/docs/generated.md'));
  assert.ok(m.ignores('deep/x.log'));
  assert.ok(!m.ignores('readme.md'));
});

test('directory-only patterns and parent exclusion', () => {
  const m = new GitignoreMatcher();
  m.add('', 'out/\n');
  assert.ok(m.ignores('out/a.md'));
  assert.ok(m.ignores('x/out/a.md'));
  assert.ok(!m.ignores('out'), 'a file named out is not a directory');
  assert.ok(m.ignores('out', true));
});

test('negation re-includes, but not inside an ignored directory', () => {
  const m = new GitignoreMatcher();
  m.add('', '*.md\n!keep.md\nvendor/\n!vendor/keep.md\n');
  assert.ok(m.ignores('a.md'));
  assert.ok(!m.ignores('keep.md'));
  assert.ok(!m.ignores('sub/keep.md'));
  assert.ok(m.ignores('vendor/keep.md'));
});

test('double-star forms', () => {
  const m = new GitignoreMatcher();
  m.add('', '**/tmp\na/**/z.md\nlogs/**\n');
  assert.ok(m.ignores('tmp/x.md'));
  assert.ok(m.ignores('q/tmp/x.md'));
  assert.ok(m.ignores('a/z.md'));
  assert.ok(m.ignores('a/b/c/z.md'));
  assert.ok(m.ignores('logs/a/b.md'));
  assert.ok(!m.ignores('logs2/b.md'));
});

test('character classes and ?', () => {
  const m = new GitignoreMatcher();
  m.add('', 'file[0-9].md\n[!a]x.txt\nv?.md\n');
  assert.ok(m.ignores('file3.md'));
  assert.ok(!m.ignores('filex.md'));
  assert.ok(m.ignores('bx.txt'));
  assert.ok(!m.ignores('ax.txt'));
  assert.ok(m.ignores('v1.md'));
  assert.ok(!m.ignores('v10.md'));
});

test('nested .gitignore files apply below their directory and override the root', () => {
  const m = new GitignoreMatcher();
  m.add('', '*.txt\n');
  m.add('pkg', '!*.txt\n/local.md\n');
  assert.ok(m.ignores('a.txt'));
  assert.ok(!m.ignores('pkg/a.txt'));
  assert.ok(m.ignores('pkg/local.md'));
  assert.ok(!m.ignores('local.md'));
  assert.ok(!m.ignores('other/pkg/local.md'));
  assert.equal(m.size, 2);
});

test('CRLF files', () => {
  const m = new GitignoreMatcher();
  m.add('', 'a.md\r\nb.md\r\n');
  assert.ok(m.ignores('a.md'));
  assert.ok(m.ignores('b.md'));
});

test('GlobSet: VS Code exclude globs with braces and parent folders', () => {
  const g = new GlobSet(['**/node_modules', '**/*.{min.md,tmp}', 'docs/{a,b{1,2}}/**']);
  assert.ok(g.matches('node_modules/x/readme.md'));
  assert.ok(g.matches('a/node_modules/readme.md'));
  assert.ok(g.matches('x/y.min.md'));
  assert.ok(g.matches('y.tmp'));
  assert.ok(g.matches('docs/b2/z.md'));
  assert.ok(g.matches('docs/a/z.md'));
  assert.ok(!g.matches('docs/c/z.md'));
  assert.ok(!g.matches('readme.md'));
  assert.ok(!new GlobSet([]).matches('anything'));
});

test('braces work as alternation without being expanded', () => {
  const g = new GlobSet(['a{b,c{d,e}}f', '**/*.{md,txt}', 'open{']);
  for (const p of ['abf', 'acdf', 'acef', 'x/y.md', 'y.txt', 'open{']) assert.ok(g.matchesExactly(p), p);
  for (const p of ['af', 'acf', 'y.rst']) assert.ok(!g.matchesExactly(p), p);
});

test('a pathological .gitignore line, exclude glob and brace pattern give the right answer', () => {
  const m = new GitignoreMatcher();
  m.add('', '*a*a*a*a*a*a*a*a*a*a*ab\nx/**/**/**/**/**/**/**/**/**/**/y\n');
  assert.equal(m.ignores('a'.repeat(40)), false);
  assert.equal(m.ignores('a'.repeat(38) + 'ab'), true);
  const deep = Array.from({ length: 40 }, () => 'x').join('/');
  assert.equal(m.ignores(deep + '/file.md'), false);
  assert.equal(m.ignores(deep + '/y'), true);
  const g = new GlobSet(['{a,b}'.repeat(22), '**/*a*a*a*a*a*a*a*a*a*a*ab']);
  assert.equal(g.matches('ab'.repeat(11)), true);
  assert.equal(g.matches('docs/' + 'a'.repeat(60)), false);
});

test('caps: .gitignore size, rule count and pattern count are clear errors naming the source', () => {
  const big = 'x\n'.repeat(IGNORE_LIMITS.gitignoreBytes / 2 + 1);
  assert.throws(() => new GitignoreMatcher().add('docs', big),
    (e: unknown) => e instanceof GlobLimitError && /^docs\/\.gitignore is larger than the 256 KB Embedding Lens reads for a \.gitignore \(262,146 characters\)/.test((e as Error).message));
  const many = Array.from({ length: IGNORE_LIMITS.gitignoreRules + 1 }, (_, i) => `f${i}`).join('\n');
  assert.throws(() => new GitignoreMatcher().add('', many),
    (e: unknown) => e instanceof GlobLimitError && /more than 10,000 rules .*\.gitignore, line 10001/.test((e as Error).message));
  // the limit is over all files together
  const m = new GitignoreMatcher();
  m.add('', Array.from({ length: IGNORE_LIMITS.gitignoreRules }, (_, i) => `f${i}`).join('\n'));
  assert.throws(() => m.add('sub', 'one-more\n'), /sub\/\.gitignore, line 1/);
  assert.throws(() => new GitignoreMatcher().add('', `ok\n${'a'.repeat(2001)}\n`), /\.gitignore, line 2: a pattern of 2,001 characters/);
  assert.throws(() => new GlobSet(Array.from({ length: IGNORE_LIMITS.globPatterns + 1 }, (_, i) => `p${i}`), 'embeddingLens.exclude'),
    /embeddingLens\.exclude list 2,001 patterns, more than the 2,000/);
});

test('ignoresEntry: one entry, its parents assumed walked; deep .gitignore files found by folder', () => {
  const m = new GitignoreMatcher();
  m.add('', '*.log\n');
  m.add('a/b', '!keep.log\n');
  assert.equal(m.ignoresEntry('a/b/keep.log', false), false);
  assert.equal(m.ignoresEntry('a/b/other.log', false), true);
  assert.equal(m.ignoresEntry('a/keep.log', false), true);
  assert.equal(m.ignoresEntry('x.md', false), false);
});
