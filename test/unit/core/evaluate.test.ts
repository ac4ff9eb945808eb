import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { averageRanks, evaluateAnalogies, evaluateSimilarity, spearman } from '../../../src/core/evaluate';
import { Embeddings } from '../../../src/core/vectors';
import { dataPath } from '../../data-path';

function tiny(): Embeddings {
  const rows: Record<string, number[]> = {
    man: [1, 0, 0], woman: [1, 1, 0], king: [1, 0, 1], queen: [1, 1, 1], apple: [0, 0, -1], zero: [0, 0, 0],
  };
  return new Embeddings(Object.keys(rows), 3, Float32Array.from(Object.values(rows).flat()));
}

test('spearman with ties matches a hand computation', () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 20, 30])), [1, 2.5, 2.5, 4]);
  // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]: sxy = 4.5, sxx = 4.5, syy = 5 -> 4.5 / sqrt(22.5) = 3 / sqrt(10)
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 3, 2, 4]) - 3 / Math.sqrt(10)) < 1e-12);
  assert.equal(spearman([1, 2, 3], [30, 20, 10]), -1);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])), 'undefined for a constant series');
});

test('evaluateAnalogies: sections, OOV skipped and counted, semantic/syntactic split, failures', () => {
  const file = [
    ': family',
    'man king woman queen',
    'man king woman banana',
    'MAN KING Woman QUEEN',
    'not four words',
    ': gram1-test',
    'king queen man woman',
    'man woman king apple',
    '',
  ].join('\r\n');
  const r = evaluateAnalogies(tiny(), file, { keepFailures: 5 });
  assert.deepEqual(r.sections.map((s) => [s.name, s.correct, s.answered, s.skipped]), [
    ['family', 2, 2, 1],
    ['gram1-test', 1, 2, 0],
  ]);
  assert.deepEqual(r.sections[1].failures, [{ question: ['man', 'woman', 'king', 'apple'], answer: 'queen' }]);
  assert.deepEqual(r.semantic, { correct: 2, answered: 2, skipped: 1, accuracy: 1 });
  assert.deepEqual(r.syntactic, { correct: 1, answered: 2, skipped: 0, accuracy: 0.5 });
  assert.deepEqual(r.all, { correct: 3, answered: 4, skipped: 1, accuracy: 0.75 });
  assert.equal(r.invalidLines, 1);
  const mul = evaluateAnalogies(tiny(), file, { method: 'mul' });
  assert.equal(mul.sections[0].correct, 2);
});

test('evaluateAnalogies: restrictVocab and case folding (most frequent original wins)', () => {
  const e = new Embeddings(['Paris', 'france', 'paris', 'rome', 'italy'], 2,
    Float32Array.from([1, 0, 0.9, 0.1, -1, 0, 0.2, 1, 0.1, 1]));
  // "paris" folds to id 0 (Paris), the more frequent form
  const r = evaluateAnalogies(e, ': capitals\nparis france rome italy\n');
  assert.equal(r.all.answered, 1);
  const restricted = evaluateAnalogies(e, ': capitals\nparis france rome italy\n', { restrictVocab: 4 });
  assert.equal(restricted.all.skipped, 1);
  // questions before any section header go to a default section (e.g. the MSR file)
  assert.equal(evaluateAnalogies(e, 'paris france rome italy\n').sections[0].name, 'questions');
});

test('evaluateSimilarity: CRLF, comments, tabs and spaces, OOV pairs skipped, coverage', () => {
  const file = '# comment line\r\nking\tqueen\t9\r\nMan woman 8\r\nking apple 1\r\nfoo\tbar\t5\r\nbroken line\r\n\r\n';
  const r = evaluateSimilarity(tiny(), file);
  assert.equal(r.pairs, 4);
  assert.equal(r.found, 3);
  assert.equal(r.coverage, 0.75);
  assert.equal(r.spearman, 1);
  assert.equal(r.invalidLines, 1);
});

test('the shared evaluation files parse (data must be present)', () => {
  const q = readFileSync(dataPath('analogy/questions-words.txt'), 'utf8');
  const r = evaluateAnalogies(tiny(), q);
  assert.equal(r.sections.length, 14);
  assert.equal(r.all.answered + r.all.skipped, 19544);
  assert.equal(r.semantic.answered + r.semantic.skipped, 8869);
  assert.equal(r.syntactic.answered + r.syntactic.skipped, 10675);
  const ws = evaluateSimilarity(tiny(), readFileSync(dataPath('similarity/wordsim353.tsv'), 'utf8'));
  assert.equal(ws.pairs, 353);
});
