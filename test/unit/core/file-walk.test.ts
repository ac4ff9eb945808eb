// The folder walk (core/file-walk.ts) on real folders through node:fs: links are followed only into the roots,
// sizes and reads go to the real targets, ignored and excluded folders are not entered, and the walk stops at
// the checkpoint that cancels it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkRoots } from '../../../src/core/file-walk';
import { nodeWalkFs } from '../../../src/core/file-walk-node';
import { GlobLimitError, GlobSet, IGNORE_LIMITS } from '../../../src/core/gitignore';

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'el-walk-')));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const rels = (r: Awaited<ReturnType<typeof walkRoots>>) => r.files.map((f) => f.rel).sort();

test('links are followed only into the roots; outside ones are counted, never listed', async () => {
  const outside = tree({ 'etc/passwd': 'root', 'etc/deep/shadow': 'x', 'id_rsa': 'key' });
  const root = tree({ 'docs/a.md': 'a', 'b.md': 'b', 'other/c.md': 'c' });
  symlinkSync(join(outside, 'etc'), join(root, 'docs', 'etc')); // a folder outside
  symlinkSync(join(outside, 'id_rsa'), join(root, 'notes.md')); // a file outside
  symlinkSync(join(root, 'other'), join(root, 'docs', 'other-link')); // a folder inside: walked once
  symlinkSync(join(root, 'b.md'), join(root, 'docs', 'b-again.md')); // a file inside: read once
  symlinkSync(root, join(root, 'other', 'loop')); // a loop
  symlinkSync(join(root, 'missing.md'), join(root, 'dangling.md'));
  const r = await walkRoots(nodeWalkFs, [root]);
  assert.deepEqual(rels(r), ['b.md', 'docs/a.md', 'docs/other-link/c.md']);
  assert.ok(r.files.every((f) => !f.real.startsWith(outside)));
  assert.equal(r.files.find((f) => f.rel === 'docs/other-link/c.md')?.real, join(root, 'other', 'c.md'), 'the real path is reported');
  assert.deepEqual(r.counts, { gitignored: 0, excluded: 0, outside: 2, unreadable: 1 });

  const followed = await walkRoots(nodeWalkFs, [root], { followOutside: true });
  assert.deepEqual(rels(followed).sort(), ['b.md', 'docs/a.md', 'docs/etc/deep/shadow', 'docs/etc/passwd', 'docs/other-link/c.md', 'notes.md']);

  // a link into another root is inside
  const second = tree({ 'x.md': 'x' });
  symlinkSync(second, join(root, 'second'));
  const both = await walkRoots(nodeWalkFs, [root], { alsoInside: [second] });
  assert.ok(rels(both).includes('second/x.md'));
  assert.equal(both.counts.outside, 2);
});

test('a root reached through a link is resolved first, so its own files are inside', async () => {
  const real = tree({ 'a.md': 'a' });
  const holder = mkdtempSync(join(tmpdir(), 'el-walk-holder-'));
  symlinkSync(real, join(holder, 'ws'));
  const r = await walkRoots(nodeWalkFs, [join(holder, 'ws')]);
  assert.deepEqual(rels(r), ['a.md']);
  assert.equal(r.files[0]!.real, join(real, 'a.md'));
});

test('include, exclude and .gitignore prune folders; a .gitignore link to outside is not read', async () => {
  const outside = tree({ 'rules': '*.md\n' });
  const root = tree({
    '.gitignore': 'build/\n*.log\n',
    'keep.md': 'k', 'x.log': 'l', 'build/out.md': 'o', 'node_modules/p/readme.md': 'n',
    'docs/api/ref.md': 'r', 'docs/api/ref.txt': 't', 'src/code.md': 'c',
    'sub/.gitignore': '!*.log\n', 'sub/y.log': 'y',
  });
  mkdirSync(join(root, 'linked'));
  symlinkSync(join(outside, 'rules'), join(root, 'linked', '.gitignore'));
  writeFileSync(join(root, 'linked', 'still.md'), 's');
  const listed: string[] = [];
  const fs = { ...nodeWalkFs, list: (dir: string) => { listed.push(dir); return nodeWalkFs.list(dir); } };
  const r = await walkRoots(fs, [root], {
    include: new GlobSet(['**/*.md', '**/*.log']), exclude: new GlobSet(['**/node_modules', 'src/**']), gitignore: true,
  });
  assert.deepEqual(rels(r), ['docs/api/ref.md', 'keep.md', 'linked/still.md', 'sub/y.log']);
  assert.equal(r.counts.gitignored, 2, 'build/ (once) and x.log');
  assert.ok(!listed.some((d) => /node_modules|build|src/.test(d.slice(root.length))), `entered ${listed.join(', ')}`);
  assert.equal(r.gitignoreFiles, 2, 'the linked .gitignore outside the root was not applied');

  const onlyDocs = await walkRoots({ ...nodeWalkFs, list: (d: string) => { listed.length = 0; listed.push(d); return nodeWalkFs.list(d); } }, [root], { include: new GlobSet(['docs/**/*.md']) });
  assert.deepEqual(rels(onlyDocs), ['docs/api/ref.md']);
});

test('a .gitignore over the size cap is a clear error', async () => {
  const root = tree({ '.gitignore': 'x\n'.repeat(IGNORE_LIMITS.gitignoreBytes), 'a.md': 'a' });
  await assert.rejects(walkRoots(nodeWalkFs, [root], { gitignore: true }),
    (e: unknown) => e instanceof GlobLimitError && /^\.gitignore is 524,288 bytes, more than the 256 KB Embedding Lens reads/.test((e as Error).message));
});

test('devices and pipes are never read; the walk checks in between folders and stops where a checkpoint throws', async () => {
  const root = tree({ 'a.md': 'a' });
  try {
    execFileSync('mkfifo', [join(root, 'pipe.md')]);
  } catch { /* no mkfifo: the rest still runs */ }
  symlinkSync('/dev/zero', join(root, 'zero.md'));
  const r = await walkRoots(nodeWalkFs, [root], { followOutside: true });
  assert.deepEqual(rels(r), ['a.md']);

  const deep = tree(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${String(i).padStart(2, '0')}/f.md`, 'x'])));
  let calls = 0;
  const stopped = walkRoots(nodeWalkFs, [deep], {
    checkpoint: async () => {
      if (++calls === 10) throw new Error('cancelled at the 10th checkpoint');
    },
  });
  await assert.rejects(stopped, /cancelled at the 10th checkpoint/);
  let all = 0;
  const done = await walkRoots(nodeWalkFs, [deep], { checkpoint: async () => { all++; } });
  assert.equal(done.files.length, 30);
  assert.ok(all >= 31, `checkpoint awaited ${all} times for 31 folders`);
});
