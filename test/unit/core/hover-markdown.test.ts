import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, encodeCommandArgs, renderNeighboursHover, commandLink, stabilityWords } from '../../../src/core/hover-markdown';

const evil = ['[x](command:workbench.action.quit)', '<img src=x onerror=alert(1)>', '$(zap)', '`code`', '*b* _i_', '# h', 'a\nb', '&lt;', 'x)](command:workbench.action.quit'];

test('escapeMarkdown escapes every ASCII punctuation character', () => {
  assert.equal(escapeMarkdown('[x](command:a.b)'), '\\[x\\]\\(command\\:a\\.b\\)');
  assert.equal(escapeMarkdown('<img>'), '\\<img\\>');
  assert.equal(escapeMarkdown('$(zap)'), '\\$\\(zap\\)');
  assert.equal(escapeMarkdown('plain words'), 'plain words');
  assert.equal(escapeMarkdown("don't"), "don\\'t");
  assert.equal(escapeMarkdown('a\nb\u2028c'), 'a b c');
  for (const w of evil) {
    const e = escapeMarkdown(w);
    assert.ok(!/(?<!\\)[[\]()<>`*_$#&:]/.test(e), `unescaped special char in ${JSON.stringify(e)}`);
    assert.ok(!e.includes('\n'));
  }
});

test('command args are percent-encoded JSON without ( ) or other link breakers', () => {
  const enc = encodeCommandArgs([{ word: evil[0] }]);
  assert.ok(!/[()[\]\s'!*"]/.test(enc), enc);
  assert.deepEqual(JSON.parse(decodeURIComponent(enc)), [{ word: evil[0] }]);
});

test('a hover never contains a live link to a foreign command', () => {
  const md = renderNeighboursHover(evil[0]!, evil.map((word, i) => ({ word, similarity: 1 - i / 10 })), 'model [x](command:evil)');
  assert.ok(!md.includes('command:workbench'), md);
  assert.ok(!/(?<!\\)</.test(md), 'no unescaped < (no HTML)');
  assert.ok(!md.includes('$(zap)'), md);
  const targets = [...md.matchAll(/\]\((command:[^)\s]*)/g)].map((m) => m[1]!);
  assert.ok(targets.length >= evil.length + 2);
  for (const t of targets) assert.match(t, /^command:embeddingLens\.(explore|compareWord)\?[A-Za-z0-9%._~-]*$/);
  // every link target decodes back to the original word
  const words = targets.filter((t) => t.startsWith('command:embeddingLens.explore')).map((t) => JSON.parse(decodeURIComponent(t.split('?')[1]!))[0].word);
  assert.deepEqual(words.slice(1), evil);
});

test('similarities are shown with two decimals', () => {
  const md = renderNeighboursHover('pod', [{ word: 'node', similarity: 0.81234 }]);
  assert.match(md, /node\]\([^)]*"Explore in the sidebar"\) 0\.81/);
  assert.match(commandLink('x', 'embeddingLens.compareWord', { word: 'x' }), /^\[x\]\(command:embeddingLens\.compareWord\?/);
});

test('with several seeds, each neighbour shows its agreement and the hover says what it rests on', () => {
  const md = renderNeighboursHover('pod', [{ word: 'node', similarity: 0.81, agreement: 3 }, { word: 'evil)](command:x)', similarity: 0.5, agreement: 1 }], 'ws · corrected CBOW · 3 seeds',
    { seeds: 3, agreementK: 10, stability: 0.6333 });
  assert.match(md, /node\]\([^)]*\) 0\.81 · 3\/3/);
  assert.match(md, /0\.50 · 1\/3/);
  assert.match(md, /3 seeds · fairly stable \\\(stability 0\\\.63\\\) · n\\\/3\\: in the top 10 of n seeds/);
  assert.ok(!md.includes('command:x'), 'hostile words stay escaped');
  const one = renderNeighboursHover('pod', [{ word: 'node', similarity: 0.8 }], 'm', { seeds: 1, agreementK: 10 });
  assert.match(one, /one training run\\: another seed may change many of these/);
  assert.ok(!/\d\/1/.test(one), 'no agreement marks for one run');
  const imported = renderNeighboursHover('pod', [{ word: 'node', similarity: 0.8 }], 'm', { seeds: 1, agreementK: 10, imported: true });
  assert.ok(!/seed|training run/.test(imported), 'imported vectors have no seeds to speak of');
  assert.equal(stabilityWords(0.85), 'stable');
  assert.equal(stabilityWords(0.2), 'unstable');
});

test('bidi, zero-width and control characters are shown as visible codes, never kept or silently dropped', () => {
  const rlo = 'admin\u202etxt.exe';
  const zw = 'pay\u200bpal';
  const md = renderNeighboursHover(rlo, [{ word: zw, similarity: 0.5 }, { word: 'esc\u001b[31m', similarity: 0.4 }, { word: 'tag\u{E0041}', similarity: 0.3 }]);
  assert.doesNotMatch(md.replace(/\]\(command:[^)]*\)/g, ''), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]|\u{E0041}/u, 'a raw control reached the visible text');
  assert.ok(md.includes('admin⟨U\\+202E⟩txt\\.exe'), md);
  assert.ok(md.includes('pay⟨U\\+200B⟩pal'));
  assert.ok(md.includes('esc⟨U\\+001B⟩\\[31m'));
  assert.ok(md.includes('tag⟨U\\+E0041⟩'));
  // the command arguments keep the real word, so exploring it still finds it
  const args = [...md.matchAll(/command:embeddingLens\.explore\?([^)\s]*)/g)].map((m) => JSON.parse(decodeURIComponent(m[1]!))[0].word);
  assert.deepEqual(args, [rlo, zw, 'esc\u001b[31m', 'tag\u{E0041}']);
});
