// The CLI as a user runs it: a child process, its stdout, stderr and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readVectors } from '../../../src/core/formats';
import { dataPath } from '../../data-path';

const cli = resolve(__dirname, '..', '..', '..', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'el-cli-'));
  const prose = readFileSync(dataPath('analogy/questions-words.txt'), 'utf8'); // real text with many repeats
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'a.md'), prose.slice(0, 200_000));
  writeFileSync(join(dir, 'docs', 'b.txt'), prose.slice(200_000, 400_000));
  writeFileSync(join(dir, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48]));
  writeFileSync(join(dir, 'big.txt'), 'word '.repeat(300_000));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x0a]));
  return dir;
}

test('train walks a folder, says what it skipped and why, and writes loadable vectors', () => {
  const dir = workspace();
  const out = join(dir, 'vectors.bin');
  const r = run('train', dir, '--out', out, '--dim', '16', '--epochs', '2', '--min-count', '2', '--threads', '1', '--max-file-size', '1', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /read 2 files .*skipped 1 binary, 1 over 1 MB, 1 not valid UTF-8/);
  const emb = readVectors(readFileSync(out));
  assert.equal(emb.dim, 16);
  assert.ok(emb.id('athens') >= 0);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temporary file is left');

  const n = run('neighbours', out, 'athens', '-k', '3');
  assert.equal(n.status, 0, n.stderr);
  assert.equal(n.stdout.trim().split('\n').length, 3);
  const a = run('analogy', out, 'athens', 'greece', 'baghdad', '--method', 'mul');
  assert.equal(a.status, 0, a.stderr);
  const e = run('eval', out, '--analogies', dataPath('analogy/questions-words.txt'), '--similarity', dataPath('similarity/EN-WS-353-ALL.txt'));
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stdout, /total +[\d.]+ % {2}\(\d+\/\d+; coverage [\d.]+ %, \d+ skipped\)/);
  assert.match(e.stdout, /spearman -?[\d.]+ +\(\d+\/353 pairs, coverage [\d.]+ %\)/);
});

test('user mistakes get one clear line on stderr, a non-zero exit and no stack trace', () => {
  const dir = workspace();
  const out = join(dir, 'v.txt');
  assert.equal(run('train', dir, '--out', out, '--dim', '8', '--epochs', '1', '--min-count', '2', '--threads', '1', '--quiet').status, 0);
  const cases: [string[], RegExp][] = [
    [['neighbours', out, 'zzzqqq'], /"zzzqqq" is not in the vocabulary/],
    [['train', dir, '--out', out, '--model', 'cbow'], /--model must be one of cbow-corrected, sg, cbow-word2vec, not "cbow"/],
    [['train', join(dir, 'missing')], /--out|no such file/],
    [['train', join(dir, 'missing'), '--out', out], /cannot read .*missing: no such file or folder/],
    [['train', join(dir, 'image.md'), '--out', out], /looks like a binary file/],
    [['neighbours', join(dir, 'docs', 'a.md'), 'x'], /line \d+|not|header/i],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['train', dir, '--out', out, '--dim', 'ten'], /--dim must be an integer/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.notEqual(r.status, 0, `${args.join(' ')} should fail`);
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(' ')} printed a stack trace: ${r.stderr}`);
  }
  assert.ok(existsSync(out), 'a failed run leaves the earlier output in place');
});

test('train --seeds writes one model of several seeds; neighbours prints each neighbour’s agreement; --export-seeds writes each seed', () => {
  const dir = workspace();
  const model = join(dir, 'model.emblens');
  const seeds = join(dir, 'seeds');
  const r = run('train', join(dir, 'docs'), '--out', model, '--seeds', '3', '--export-seeds', seeds, '--dim', '16', '--epochs', '2', '--min-count', '2', '--threads', '1', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /with 3 seeds .*median stability of the \d+ most frequent words \d\.\d\d/);
  assert.deepEqual(readdirSync(seeds).sort(), ['seed-1.bin', 'seed-2.bin', 'seed-3.bin']);
  const one = readVectors(readFileSync(join(seeds, 'seed-2.bin')));
  assert.equal(one.dim, 16);
  const n = run('neighbours', model, 'athens', '-k', '5');
  assert.equal(n.status, 0, n.stderr);
  const rows = n.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.equal(rows.length, 5);
  for (const [word, sim, agree] of rows) {
    assert.ok(word && Number.isFinite(Number(sim)), `${word} ${sim}`);
    assert.match(agree!, /^[0-3]\/3$/);
  }
  // the same seeds into a word2vec file: their ensemble (3 × 16 dimensions, cosine = mean cosine)
  const ens = join(dir, 'ensemble.bin');
  assert.equal(run('train', join(dir, 'docs'), '--out', ens, '--seeds', '3', '--dim', '16', '--epochs', '2', '--min-count', '2', '--threads', '1', '--quiet').status, 0);
  assert.equal(readVectors(readFileSync(ens)).dim, 48);
  const bad = run('train', join(dir, 'docs'), '--out', ens, '--seeds', '11');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--seeds must be auto or an integer from 1 to 10, not "11"/);
});

test('symbolic links out of the named folder are not read (a folder and a file), and sizes are the targets\'', () => {
  const dir = workspace();
  const outside = mkdtempSync(join(tmpdir(), 'el-cli-outside-'));
  mkdirSync(join(outside, 'etc'));
  writeFileSync(join(outside, 'etc', 'passwd.txt'), 'rootsecretzz nologinsecretzz bashsecretzz\n'.repeat(50));
  writeFileSync(join(outside, 'id_rsa.md'), 'privatekeyzz '.repeat(200));
  symlinkSync(join(outside, 'etc'), join(dir, 'docs', 'etc-link')); // a folder outside
  symlinkSync(join(outside, 'id_rsa.md'), join(dir, 'notes.md')); // a file outside
  symlinkSync(join(dir, 'big.txt'), join(dir, 'docs', 'big-link.txt')); // inside, but large: stat of the target
  symlinkSync(join(dir, 'docs', 'a.md'), join(dir, 'again.md')); // inside: the same file, read once
  const out = join(mkdtempSync(join(tmpdir(), 'el-cli-out-')), 'vectors.txt');
  const r = run('train', dir, '--out', out, '--dim', '8', '--epochs', '1', '--min-count', '1', '--threads', '1', '--max-file-size', '1', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /read 2 files .*skipped 1 binary, 1 over 1 MB, 1 not valid UTF-8, 2 symbolic links outside the given folders \(--follow-links reads them\)/);
  const emb = readVectors(readFileSync(out));
  for (const w of ['rootsecretzz', 'nologinsecretzz', 'privatekeyzz']) assert.equal(emb.id(w), -1, `${w} was read from outside`);
  assert.ok(emb.id('athens') >= 0);

  const followed = run('train', dir, '--out', out, '--dim', '8', '--epochs', '1', '--min-count', '1', '--threads', '1', '--max-file-size', '1', '--quiet', '--follow-links');
  assert.equal(followed.status, 0, followed.stderr);
  assert.match(followed.stderr, /read 4 files/);
  assert.ok(readVectors(readFileSync(out)).id('privatekeyzz') >= 0, '--follow-links reads the targets');
});

test('words with control characters are escaped on the terminal, never emitted raw', () => {
  const dir = mkdtempSync(join(tmpdir(), 'el-cli-esc-'));
  const osc8 = '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07';
  const erase = 'erase\x1b[2K\r';
  const csi = 'c1\u009b31m';
  const bidi = 'admin\u202etxt.exe';
  const words = ['anchor', osc8, erase, csi, bidi, 'plain'];
  const rows = words.map((w, i) => `${w} ${[1, i === 0 ? 0 : 0.1 * i, 0.5].join(' ')}`);
  const file = join(dir, 'v.txt');
  writeFileSync(file, `${words.length} 3\n${rows.join('\n')}\n`);
  const r = run('neighbours', file, 'anchor', '-k', '5');
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/, 'a raw control or bidi character reached stdout');
  assert.ok(r.stdout.includes('\\x1B]8;;https://evil.example/\\x07click\\x1B]8;;\\x07'), r.stdout);
  assert.ok(r.stdout.includes('erase\\x1B[2K\\x0D'));
  assert.ok(r.stdout.includes('c1\\x9B31m'));
  assert.ok(r.stdout.includes('admin\\u202Etxt.exe'));
  // an error message quoting a word from the file is escaped too
  writeFileSync(file, `2 3\n${osc8} 1 0 0\n${osc8} 0 1 0\n`);
  const e = run('neighbours', file, 'anchor');
  assert.notEqual(e.status, 0);
  assert.match(e.stderr, /duplicate word/);
  assert.doesNotMatch(e.stderr, /[\x00-\x09\x0b-\x1f\x7f-\x9f]/, 'a raw control character reached stderr');
});
