import { formatCount, formatDuration, formatFixed } from '../../../src/core/format';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoEpochs, autoMinCount, resolveEpochs, resolveMinCount, MIN_AUTO_EPOCHS, MAX_AUTO_EPOCHS } from '../../../src/core/auto-params';

test('autoEpochs follows 50*sqrt(1M/tokens) clamped to [5, 50]', () => {
  assert.equal(autoEpochs(10_000), 50);
  assert.equal(autoEpochs(1_000_000), 50);
  assert.equal(autoEpochs(1_750_000), 38);
  assert.equal(autoEpochs(16_500_000), 12);
  assert.equal(autoEpochs(100_000_000), 5);
  assert.equal(autoEpochs(1e10), MIN_AUTO_EPOCHS);
  assert.equal(autoEpochs(0), MAX_AUTO_EPOCHS);
  assert.equal(autoEpochs(Number.NaN), MAX_AUTO_EPOCHS);
});

test('autoEpochs never increases with corpus size', () => {
  let prev = Infinity;
  for (let t = 1000; t < 1e9; t *= 1.3) {
    const e = autoEpochs(t);
    assert.ok(e <= prev, `epochs rose at ${t}`);
    assert.ok(e >= 5 && e <= 50);
    prev = e;
  }
});

test('autoMinCount: 1-2 for tiny corpora, 5 for large ones', () => {
  assert.equal(autoMinCount(5_000), 1);
  assert.equal(autoMinCount(150_000), 2);
  assert.equal(autoMinCount(500_000), 3);
  assert.equal(autoMinCount(1_500_000), 5);
  assert.equal(autoMinCount(50_000_000), 5);
});

test('0 means auto; a positive integer setting wins', () => {
  assert.equal(resolveEpochs(0, 16_500_000), 12);
  assert.equal(resolveEpochs(3, 16_500_000), 3);
  assert.equal(resolveEpochs(-1, 1_000), 50);
  assert.equal(resolveMinCount(0, 2_000_000), 5);
  assert.equal(resolveMinCount(7, 10), 7);
});

test('formatCount and formatDuration: one style for every surface', () => {
  assert.equal(formatCount(950), '950');
  assert.equal(formatCount(12_345), '12k');
  assert.equal(formatCount(1_340_000), '1.3M');
  assert.equal(formatCount(16_250_000), '16M');
  assert.equal(formatDuration(0.4219), '0.42 s');
  assert.equal(formatDuration(12.34), '12.3 s');
  assert.equal(formatDuration(245), '4m 05s');
  assert.equal(formatDuration(7380), '2h 03m');
  assert.equal(formatDuration(Number.POSITIVE_INFINITY), '…');
});

test('formatFixed never prints a non-zero interval bound as 0 (nor a -0)', () => {
  assert.equal(formatFixed(1.234, 1), '1.2');
  assert.equal(formatFixed(0.04, 1), '0.04');
  assert.equal(formatFixed(-0.004, 2), '-0.004');
  assert.equal(formatFixed(0.00001, 1), '0.0'); // beyond three more digits it is 0 for every purpose
  assert.equal(formatFixed(-0.00001, 1), '0.0');
  assert.equal(formatFixed(0, 2), '0.00');
});
