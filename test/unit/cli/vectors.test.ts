// The CLI's vectors argument (src/cli/load-vectors.ts) as a user runs it: --max-words on every command that
// reads vectors, Spark folders and Projector TSV, and clear one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeProjectorTsv, writeWord2vecBinary, writeWord2vecText } from '../../../src/core/formats';
import { Embeddings } from '../../../src/core/vectors';
import { writeSparkModel } from '../../factories/spark-model';

const cli = resolve(__dirname, '..', '..', '..', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'el-cli-vec-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// 6 words; "zeta" (row 5) is the nearest to "alpha" and "beta" - "alpha" + "gamma" ≈ "delta"
const words = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta'];
const rows = [[1, 0, 0], [0, 1, 0], [0.5, 0, 0.8], [-0.5, 1, 0.8], [0, 0, -1], [0.99, 0.05, 0]];
const emb = new Embeddings(words, 3, Float32Array.from(rows.flat()));
const bin = join(dir, 'v.bin');
writeFileSync(bin, writeWord2vecBinary(emb));
const txt = join(dir, 'v.txt');
writeFileSync(txt, writeWord2vecText(emb));

const lines = (s: string) => s.trim().split('\n').map((l) => l.split('\t')[0]);

test('--max-words N: neighbours, analogy and eval read only the first N words', () => {
  const all = run('neighbours', bin, 'alpha', '-k', '5');
  assert.equal(all.status, 0, all.stderr);
  assert.equal(lines(all.stdout)[0], 'zeta');
  const some = run('neighbours', bin, 'alpha', '-k', '5', '--max-words', '4');
  assert.equal(some.status, 0, some.stderr);
  assert.deepEqual(lines(some.stdout).sort(), ['beta', 'delta', 'gamma'], 'only the first 4 words exist (alpha itself excluded)');
  const gone = run('neighbours', txt, 'zeta', '--max-words', '5');
  assert.notEqual(gone.status, 0);
  assert.match(gone.stderr, /"zeta" is not in the vocabulary/);
  const a = run('analogy', txt, 'alpha', 'beta', 'gamma', '--max-words', '4', '-k', '1');
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(lines(a.stdout), ['delta']);
  const sim = join(dir, 'sim.txt');
  writeFileSync(sim, 'alpha zeta 9\nalpha beta 1\nalpha gamma 5\nbeta delta 7\n');
  const full = run('eval', bin, '--similarity', sim);
  assert.match(full.stdout, /\(4\/4 pairs, coverage 100\.0 %\)/);
  const cut = run('eval', bin, '--similarity', sim, '--max-words', '3');
  assert.equal(cut.status, 0, cut.stderr);
  assert.match(cut.stdout, /\(2\/4 pairs, coverage 50\.0 %\)/, 'pairs with words past the first 3 are out of the vocabulary');
  for (const bad of ['0', '-1', 'ten']) {
    const r = run('neighbours', bin, 'alpha', '--max-words', bad);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--max-words must be an integer from 1 to/);
  }
});

test('a Spark ML folder and a Projector vectors.tsv through the CLI', () => {
  const spark = writeSparkModel(join(dir, 'spark-model'), { words, vectors: rows.map((r) => r.map(Math.fround)), layout: 'rows', parts: 2 });
  const s = run('neighbours', spark, 'alpha', '-k', '1');
  assert.equal(s.status, 0, s.stderr);
  assert.deepEqual(lines(s.stdout), ['zeta']);
  const limited = run('neighbours', spark, 'alpha', '-k', '1', '--max-words', '3');
  assert.match(limited.stderr, /Spark ML stores words in no particular order, so --max-words 3 keeps an arbitrary 3 of them/);
  const { vectors, metadata } = writeProjectorTsv(emb);
  const tsvDir = mkdtempSync(join(dir, 'tsv-'));
  writeFileSync(join(tsvDir, 'vectors.tsv'), vectors);
  writeFileSync(join(tsvDir, 'labels.tsv'), `word\tfreq\n${metadata.trim().split('\n').map((w, i) => `${w}\t${100 - i}`).join('\n')}\n`);
  const noMeta = run('neighbours', join(tsvDir, 'vectors.tsv'), 'alpha');
  assert.notEqual(noMeta.status, 0);
  assert.match(noMeta.stderr, /its labels are missing: put metadata\.tsv beside it or pass --metadata FILE/);
  const t = run('neighbours', join(tsvDir, 'vectors.tsv'), 'alpha', '-k', '1', '--metadata', join(tsvDir, 'labels.tsv'), '--label-column', 'word');
  assert.equal(t.status, 0, t.stderr);
  assert.deepEqual(lines(t.stdout), ['zeta']);
  const byFreq = run('neighbours', join(tsvDir, 'vectors.tsv'), '100', '-k', '1', '--metadata', join(tsvDir, 'labels.tsv'), '--label-column', '2');
  assert.equal(byFreq.status, 0, byFreq.stderr);
  assert.deepEqual(lines(byFreq.stdout), ['95'], 'rows labelled by the second column');
});

test('bad vectors arguments: one clear line, no stack', () => {
  const cases: [string[], RegExp][] = [
    [['neighbours', join(dir, 'missing.bin'), 'x'], /cannot read .*missing\.bin: no such file or folder/],
    [['neighbours', dir, 'x'], /not a Spark model folder/],
    [['neighbours', bin, 'alpha', '--format', 'csv'], /--format must be one of word2vec-text, word2vec-binary, fasttext-vec, headerless-text, projector-tsv, spark-ml/],
    [['neighbours', bin, 'alpha', '--format', 'word2vec-text'], /line \d+/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, re, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(' ')} printed a stack trace: ${r.stderr}`);
  }
});
