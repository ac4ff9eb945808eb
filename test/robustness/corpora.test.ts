// Bad corpora through the CLI's reading path (src/cli/corpus-files.ts + CorpusBuilder) and through the CLI
// binary itself (error messages, exit codes). Every case ends in a clear error or a counted skip, and every
// file is accounted for: files read + files skipped = files present ("nothing lost").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync, writeSync, appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CorpusBuilder } from '../../src/core/corpus';
import { readVectors } from '../../src/core/formats';
import { readCorpusFiles, CorpusFileError, type ReadReport } from '../../src/cli/corpus-files';
import { decodeText } from '../../src/core/text-detect';
import { mb, runCli, tempFolder } from '../factories/robustness';

const root = tempFolder('el-robust-corpora-');
let caseNo = 0;
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = path.join(root, `case-${++caseNo}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

function skippedCount(r: ReadReport): number {
  const s = r.skipped;
  return s.binary.length + s.tooLarge.length + s.invalidUtf8.length + s.unreadable.length;
}

async function readFolder(dir: string, maxBytes = 16 << 20, builder = new CorpusBuilder()) {
  const report = await readCorpusFiles([dir], builder, maxBytes);
  return { report, builder };
}

/** Text that trains: 60 distinct words, 3000 tokens, in short sentences. */
function goodText(): string {
  const words = Array.from({ length: 60 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) lines.push(Array.from({ length: 10 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' '));
  return lines.join('\n') + '\n';
}

// The CLI must never print a stack trace or "internal error" for bad input, and must exit 2 for user errors.
function assertUserError(r: { code: number | null; stderr: string }, message: RegExp): void {
  assert.equal(r.code, 2, `exit code ${r.code}; stderr:\n${r.stderr}`);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

const CLI_TRAIN = ['--epochs', '1', '--dim', '8', '--threads', '1', '--quiet'];

test('empty folder: nothing read; the CLI says "no text files" (exit 2)', async () => {
  const dir = folder({});
  const { report, builder } = await readFolder(dir);
  assert.equal(report.files, 0);
  assert.equal(skippedCount(report), 0);
  assert.equal(builder.tokensSeen, 0);
  const { vocab, corpus } = builder.finish({ minCount: 1 });
  assert.equal(vocab.size, 0);
  assert.equal(corpus.ids.length, 0);
  const out = path.join(root, 'empty.txt');
  const r = await runCli(['train', dir, '--out', out, ...CLI_TRAIN]);
  assertUserError(r, /no text files to train on/);
  assert.throws(() => readFileSync(out), /ENOENT/, 'nothing written');
});

test('files of only punctuation: read, zero tokens, clear CLI error', async () => {
  const dir = folder({ 'a.md': '!!! ??? ... --- ,,, ;;; ((( ))) [[]] {} <> \'\' "" ’’ ‐‐\n'.repeat(500), 'b.txt': '#### *** ___ ~~~ ```\n' });
  const { report, builder } = await readFolder(dir);
  assert.equal(report.files, 2);
  assert.equal(builder.tokensSeen, 0);
  const { corpus } = builder.finish({ minCount: 1 });
  assert.equal(corpus.tokens, 0);
  assert.equal(corpus.sentences, 0, 'empty sentences are not emitted');
  const r = await runCli(['train', dir, '--out', path.join(root, 'p.txt'), ...CLI_TRAIN]);
  assertUserError(r, /too little text to train on \(0 tokens, 0 distinct words/);
});

test('one word repeated: one-word vocabulary, clear CLI error naming the distinct-word count', async () => {
  const dir = folder({ 'a.md': 'hello '.repeat(5000) + '\n' + 'Hello HELLO\n'.repeat(100) });
  const { builder } = await readFolder(dir);
  const { vocab, corpus } = builder.finish({ minCount: 1 });
  assert.deepEqual([...vocab.words], ['hello']);
  assert.equal(corpus.tokens, 5200);
  const r = await runCli(['train', dir, '--out', path.join(root, 'h.txt'), ...CLI_TRAIN]);
  assertUserError(r, /too little text to train on \(5,?200 tokens, 1 distinct word reach/);
});

test('all-unique words: nothing survives min-count; clear CLI error', async () => {
  const words = Array.from({ length: 5000 }, (_, i) => `uniq${i.toString(36)}x`);
  const dir = folder({ 'a.md': words.join(' ') + '\n' });
  const { builder } = await readFolder(dir);
  assert.equal(builder.tokensSeen, 5000);
  const { vocab, corpus } = builder.finish({ minCount: 5 });
  assert.equal(vocab.size, 0);
  assert.equal(corpus.tokens, 0);
  assert.equal(corpus.ids.length, 0);
  const r = await runCli(['train', dir, '--out', path.join(root, 'u.txt'), '--min-count', '5', ...CLI_TRAIN]);
  assertUserError(r, /too little text to train on \(0 tokens, 0 distinct words reach --min-count 5/);
});

test('a 50 MB file with no newline: streamed exactly when named, skipped as too large in a folder', async () => {
  const dir = path.join(root, `case-${++caseNo}`);
  mkdirSync(dir);
  const file = path.join(dir, 'one-line.txt');
  const unit = 'alpha beta gamma delta epsilon zeta eta theta iota kappa '; // 10 tokens, 58 bytes
  const reps = Math.ceil((50 << 20) / unit.length);
  const fd = openSync(file, 'w');
  const block = unit.repeat(4096);
  let written = 0;
  while (written + 4096 <= reps) { writeSync(fd, block); written += 4096; }
  writeSync(fd, unit.repeat(reps - written));
  closeSync(fd);
  const started = performance.now();
  const builder = new CorpusBuilder();
  const report = await readCorpusFiles([file], builder, 16 << 20);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(report.files, 1);
  assert.equal(report.bytes, reps * unit.length);
  assert.equal(builder.tokensSeen, reps * 10);
  const { vocab, corpus } = builder.finish({ minCount: 1 });
  assert.equal(vocab.size, 10);
  assert.equal(corpus.sentences, 1);
  console.log(`# 50 MB single line: ${mb(report.bytes)}, ${builder.tokensSeen} tokens in ${seconds.toFixed(1)} s`);
  // the same file inside a folder is over the size limit: counted, not read
  const walked = await readFolder(dir);
  assert.equal(walked.report.files, 0);
  assert.deepEqual(walked.report.skipped.tooLarge, [file]);
  const r = await runCli(['train', dir, '--out', path.join(root, 'big.txt'), ...CLI_TRAIN]);
  assertUserError(r, /skipped 1 over 16 MB[\s\S]*no text files to train on/);
  rmSync(file);
});

test('a 50 MB file with no whitespace at all is dropped as a non-word, never a hang or a crash', async () => {
  const text = 'x'.repeat(50 << 20) + ' word';
  const builder = new CorpusBuilder();
  for (let i = 0; i < text.length; i += 65536) builder.push(text.slice(i, i + 65536)); // like the file stream
  const { vocab, corpus } = builder.finish({ minCount: 1 });
  assert.equal(corpus.tokens, 1, 'only the real word after it is kept');
  assert.deepEqual(vocab.words, ['word']);
});

test('lines over 1 MB: each is one sentence, every token kept (folder and named file)', async () => {
  const line = (w: string) => Array.from({ length: 300_000 }, (_, i) => `${w}${i % 50}`).join(' '); // ~1.2 MB
  const text = [line('a'), line('b'), line('c')].join('\n') + '\n';
  assert.ok(text.length / 3 > 1 << 20);
  const dir = folder({ 'long.md': text });
  const { report, builder } = await readFolder(dir);
  assert.equal(report.files, 1);
  const { vocab, corpus } = builder.finish({ minCount: 1 });
  assert.equal(corpus.tokens, 900_000);
  assert.equal(corpus.sentences, 3);
  assert.equal(vocab.size, 150);
  const named = new CorpusBuilder();
  await readCorpusFiles([path.join(dir, 'long.md')], named, 1);
  const n = named.finish({ minCount: 1 });
  assert.equal(n.corpus.tokens, 900_000);
  assert.equal(n.corpus.sentences, 3);
});

const LATIN1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]); // "café naïve" in Latin-1
const utf16 = (s: string, be: boolean) => {
  const b = Buffer.from('\ufeff' + s, 'utf16le');
  if (be) b.swap16();
  return new Uint8Array(b);
};

test('invalid UTF-8 and UTF-16 files: skipped and counted in folders; named files give a clear error', async () => {
  const files = {
    'good.md': goodText(),
    'latin1.txt': LATIN1,
    'utf16le.md': utf16('hello world, this is UTF-16 text\n'.repeat(20), false),
    'utf16be.md': utf16('hello world, this is UTF-16 text\n'.repeat(20), true),
    'utf16-cjk.md': new Uint8Array(Buffer.from('日本語のテキストです。'.repeat(20), 'utf16le')),
    'truncated-seq.md': new Uint8Array([...Buffer.from('fine text '.repeat(10)), 0xe2, 0x82]),
  };
  const dir = folder(files);
  const { report, builder } = await readFolder(dir);
  assert.equal(report.files, 1, 'only good.md is text');
  assert.equal(report.files + skippedCount(report), Object.keys(files).length, 'every file accounted for');
  assert.equal(report.skipped.invalidUtf8.length + report.skipped.binary.length, 5);
  assert.ok(report.skipped.invalidUtf8.some((f) => f.endsWith('latin1.txt')));
  assert.ok(report.skipped.binary.some((f) => f.endsWith('utf16le.md')), 'UTF-16 (NULs) is binary');
  assert.equal(builder.tokensSeen, 3000, 'no token came from a skipped file');
  for (const name of Object.keys(files).filter((f) => f !== 'good.md')) {
    await assert.rejects(readCorpusFiles([path.join(dir, name)], new CorpusBuilder(), 1 << 20), (e: Error) => {
      assert.ok(e instanceof CorpusFileError, `${name}: ${e.name}`);
      assert.match(e.message, /not valid UTF-8 \((it ends inside a multi-byte character, )?near byte \d+\)|looks like a binary file/);
      return true;
    });
  }
  const r = await runCli(['train', path.join(dir, 'latin1.txt'), '--out', path.join(root, 'l.txt'), ...CLI_TRAIN]);
  assertUserError(r, /latin1\.txt is not valid UTF-8 \(near byte 3\)/);
  const ok = path.join(root, 'mixed.txt');
  const r2 = await runCli(['train', dir, '--out', ok, '--min-count', '1', ...CLI_TRAIN]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stderr, /read 1 file .*skipped \d binary, \d not valid UTF-8/);
  assert.equal(readVectors(readFileSync(ok)).size, 60);
});

test('NUL bytes and binary files with a text extension are skipped (folder) or refused (named)', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 4000 }, (_, i) => (i * 31) & 0xff)]);
  const files = {
    'good.md': goodText(),
    'image.md': png,
    'nul-inside.txt': new Uint8Array([...Buffer.from('text before '), 0, ...Buffer.from(' text after\n')]),
    'controls.md': new Uint8Array(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x61))),
  };
  const dir = folder(files);
  const { report, builder } = await readFolder(dir);
  assert.equal(report.files, 1);
  assert.equal(report.skipped.binary.length, 3);
  assert.equal(builder.tokensSeen, 3000);
  for (const name of ['image.md', 'nul-inside.txt', 'controls.md']) {
    await assert.rejects(readCorpusFiles([path.join(dir, name)], new CorpusBuilder(), 1 << 20), /looks like a binary file/);
  }
  // a NUL after the 8 KB sniff window: decoded as text, and the NUL never becomes part of a token
  const late = new Uint8Array([...Buffer.from('word '.repeat(2000)), 0, ...Buffer.from(' tail\n')]);
  const d = decodeText(late);
  assert.equal(d.kind, 'text');
  const b = new CorpusBuilder();
  b.addText(d.kind === 'text' ? d.text : '');
  const { vocab } = b.finish({ minCount: 1 });
  assert.ok(vocab.words.every((w) => !w.includes('\0')));
  const r = await runCli(['train', path.join(dir, 'image.md'), '--out', path.join(root, 'i.txt'), ...CLI_TRAIN]);
  assertUserError(r, /image\.md looks like a binary file, not text/);
});

test('files that vanish or turn into folders while the folder is read are counted as unreadable', async () => {
  const names = ['a.md', 'b.md', 'c.md', 'd.md'];
  const dir = folder(Object.fromEntries(names.map((n) => [n, goodText()])));
  let calls = 0;
  // The builder sees a.md first; at that moment b.md is deleted and c.md replaced by a folder.
  const builder = new CorpusBuilder();
  const addText = builder.addText.bind(builder);
  builder.addText = (text: string) => {
    if (calls++ === 0) {
      rmSync(path.join(dir, 'b.md'));
      rmSync(path.join(dir, 'c.md'));
      mkdirSync(path.join(dir, 'c.md'));
    }
    addText(text);
  };
  const report = await readCorpusFiles([dir], builder, 16 << 20);
  assert.equal(report.files, 2);
  assert.deepEqual(report.skipped.unreadable.map((f) => path.basename(f)).sort(), ['b.md', 'c.md']);
  assert.equal(builder.tokensSeen, 6000);
  // a folder that vanishes between listing and walking
  const dir2 = folder({ 'a.md': goodText(), 'sub/x.md': goodText() });
  const b2 = new CorpusBuilder();
  const add2 = b2.addText.bind(b2);
  b2.addText = (t: string) => { rmSync(path.join(dir2, 'sub'), { recursive: true, force: true }); add2(t); };
  const r2 = await readCorpusFiles([dir2], b2, 16 << 20);
  assert.equal(r2.files + r2.skipped.unreadable.length, 2);
});

test('a named file that shrinks or grows while streamed: no crash, bytes counted are bytes used', async () => {
  for (const change of ['truncate', 'append', 'delete'] as const) {
    const file = path.join(root, `changing-${change}.txt`);
    writeFileSync(file, 'steady words here\n'.repeat(40_000)); // ~720 KB: several stream chunks
    const builder = new CorpusBuilder();
    const push = builder.push.bind(builder);
    let pushed = 0;
    let first = true;
    builder.push = (chunk: string) => {
      if (first && chunk.length > 0) {
        first = false;
        if (change === 'truncate') truncateSync(file, 1000);
        else if (change === 'append') appendFileSync(file, 'late words\n'.repeat(1000));
        else rmSync(file);
      }
      pushed += Buffer.byteLength(chunk);
      push(chunk);
    };
    try {
      const report = await readCorpusFiles([file], builder, 16 << 20);
      assert.equal(report.files, 1);
      assert.equal(report.bytes + 1, pushed, `${change}: the report counts what was used`); // +1: the closing "\n"
    } catch (e) {
      assert.ok(e instanceof CorpusFileError, `${change}: ${(e as Error).stack}`);
    }
    rmSync(file, { force: true });
  }
});

test('symlink loops terminate; dangling and looping links are counted, real files read once', async () => {
  const dir = folder({ 'real.md': goodText(), 'sub/inner.md': goodText() });
  symlinkSync(dir, path.join(dir, 'self')); // dir/self -> dir
  symlinkSync('..', path.join(dir, 'sub', 'up')); // dir/sub/up -> dir
  symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a')); // a -> b -> a (ELOOP)
  symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));
  const { report, builder } = await readFolder(dir);
  assert.equal(report.files, 2);
  assert.equal(builder.tokensSeen, 6000, 'each real file once');
  assert.deepEqual(report.skipped.unreadable.map((f) => path.basename(f)).sort(), ['dangling.md', 'loop-a', 'loop-b']);
  const r = await runCli(['train', dir, '--out', path.join(root, 's.txt'), '--min-count', '1', ...CLI_TRAIN]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /read 2 files .*skipped 3 unreadable/);
  const loopFile = path.join(dir, 'loop-a');
  const r2 = await runCli(['train', loopFile, '--out', path.join(root, 's2.txt'), ...CLI_TRAIN]);
  assertUserError(r2, /cannot read .*loop-a/);
});

test('CLI: bad arguments and missing inputs are one-line errors with exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['train', path.join(root, 'does-not-exist'), '--out', path.join(root, 'x.txt')], /no such file or folder/],
    [['train', root], /needs --out/],
    [['train', root, '--out', path.join(root, 'x.txt'), '--dim', '0'], /--dim must be an integer from 1/],
    [['train', root, '--out', path.join(root, 'x.txt'), '--sample', 'NaN'], /--sample must be a number/],
    [['neighbours', path.join(root, 'nope.vec'), 'word'], /cannot read .*no such file/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, message] of cases) assertUserError(await runCli(args), message);
});
