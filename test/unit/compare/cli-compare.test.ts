// `embedding-lens compare` as a user runs it, on a slice of the real corpus: it prints the verdict, writes
// compare.json and every run's vectors, and the overlaps recomputed here from those vectors match the JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { readVectors } from '../../../src/core/formats';
import { nearest } from '../../../src/core/query';
import { dataPath } from '../../data-path';

const cli = resolve(__dirname, '..', '..', '..', 'cli.js');

async function corpusSlice(file: string, bytes: number): Promise<void> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of createReadStream(dataPath('corpus/en-prose.txt.gz')).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    parts.push(chunk);
    n += chunk.length;
    if (n >= bytes) break;
  }
  const text = Buffer.concat(parts).subarray(0, bytes).toString('utf8');
  writeFileSync(file, text.slice(0, text.lastIndexOf('\n') + 1));
}

test('compare writes compare.json and the vectors; overlaps recomputed from the vectors match the JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'el-cli-compare-'));
  const corpus = join(dir, 'corpus.txt');
  await corpusSlice(corpus, 2_500_000);
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cli, 'compare', corpus, '--out-dir', out, '--seeds', '3', '--epochs', '2', '--dim', '24', '--threads', '2', '--quiet',
    '--similarity', dataPath('similarity/EN-WS-353-ALL.txt')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /(No change in neighbourhoods beyond seed noise|The rule changes neighbourhoods beyond seed noise): excess change/);
  assert.match(r.stdout, /within-rule overlap@10 +\d\.\d\d \[/);
  const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
  assert.equal(typeof json.verdict, 'string');
  assert.deepEqual(Object.keys(json.rules), ['cbow-word2vec', 'cbow-corrected']);
  for (const key of ['cbow-word2vec', 'cbow-corrected']) {
    const rule = json.rules[key];
    assert.equal(typeof rule.alpha, 'number');
    assert.deepEqual(rule.seeds, [1, 2, 3]);
    for (const f of ['withinOverlap10', 'heldOutTop10']) {
      assert.equal(typeof rule[f].mean, 'number', `${key}.${f}`);
      assert.equal(rule[f].ci95.length, 2);
    }
  }
  for (const f of ['betweenOverlap10', 'excessChange10']) assert.ok(json[f].ci95[0] <= json[f].mean && json[f].mean <= json[f].ci95[1], f);
  assert.equal(json.words.length, json.measured.words, 'one entry per measured word');
  assert.ok(json.words.every((w: { word: string; excess: { mean: number; ci95: unknown[] } }) => typeof w.word === 'string' && Number.isFinite(w.excess.mean) && w.excess.ci95.length === 2));

  // recompute: each seed's top 10 over the whole vocabulary for the most frequent words, then the overlaps
  const lists = (key: string) => [1, 2, 3].map((s) => {
    const emb = readVectors(readFileSync(join(out, `${key}-seed${s}.bin`)));
    return emb.words.slice(0, json.measured.words).map((w) => nearest(emb, w, 10).map((n) => n.word));
  });
  const a = lists('cbow-word2vec');
  const b = lists('cbow-corrected');
  const overlap = (x: string[], y: string[]) => x.filter((w) => y.includes(w)).length / 10;
  const mean = (f: (w: number) => number) => Array.from({ length: json.measured.words }, (_, w) => f(w)).reduce((s, x) => s + x, 0) / json.measured.words;
  const within = (l: string[][][]) => mean((w) => (overlap(l[0]![w]!, l[1]![w]!) + overlap(l[0]![w]!, l[2]![w]!) + overlap(l[1]![w]!, l[2]![w]!)) / 3);
  const between = mean((w) => {
    let s = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) s += overlap(a[i]![w]!, b[j]![w]!);
    return s / 6;
  });
  // the JSON's lists come from the ensemble's per-seed segments; ties a float apart may order differently
  assert.ok(Math.abs(within(a) - json.rules['cbow-word2vec'].withinOverlap10.mean) < 0.005, `within word2vec: ${within(a)} vs ${json.rules['cbow-word2vec'].withinOverlap10.mean}`);
  assert.ok(Math.abs(within(b) - json.rules['cbow-corrected'].withinOverlap10.mean) < 0.005, `within corrected: ${within(b)} vs ${json.rules['cbow-corrected'].withinOverlap10.mean}`);
  assert.ok(Math.abs(between - json.betweenOverlap10.mean) < 0.005, `between: ${between} vs ${json.betweenOverlap10.mean}`);
  assert.ok(Math.abs((within(a) + within(b)) / 2 - between - json.excessChange10.mean) < 0.01);
  // the held-out sentences and the output vectors are there too
  assert.ok(readFileSync(join(out, 'held-out-test.txt'), 'utf8').split('\n').length > 10);
  assert.equal(readVectors(readFileSync(join(out, 'cbow-corrected-seed2-output.bin'))).dim, 24);
});

test('compare: bad arguments are one clear line', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'compare', ...args], { encoding: 'utf8' });
  assert.match(run('x').stderr, /compare needs --out-dir/);
  assert.match(run('x', '--out-dir', 'y', '--rules', 'sg').stderr, /--rules takes the two rules compared/);
  assert.match(run('x', '--out-dir', 'y', '--seeds', '1').stderr, /--seeds must be an integer from 2 to 10/);
  assert.match(run('x', '--out-dir', 'y', '--alpha-grid', '0,2').stderr, /--alpha-grid takes learning rates/);
});
