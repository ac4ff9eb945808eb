// The CLI on a code folder: the same extraction as the extension by default, --no-code and --code-parts,
// lockfiles and vendored folders skipped and said so, identifiers looked up as the hover does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readVectors } from '../../../src/core/formats';

const cli = resolve(__dirname, '..', '..', '..', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

function codeFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'el-cli-code-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  const py = Array.from({ length: 40 }, (_, i) =>
    `class HTTPAdapter${i % 4}:\n    """Sends requests through a connection pool number ${i}."""\n    def get_connection(self, url):\n        # reuse the pooled connection for this url\n        return self.pool_manager.connection_from_url(url, "a friendly message here")\n\n`).join('');
  writeFileSync(join(dir, 'src', 'adapters.py'), py);
  writeFileSync(join(dir, 'README.md'), 'Adapters send requests through a connection pool.\n'.repeat(20));
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'module.exports = function vendoredThing() {};\n');
  return dir;
}

test('CLI train: code extraction by default, lockfiles and vendored folders skipped, --no-code and --code-parts', () => {
  const dir = codeFolder();
  try {
    const out = join(dir, 'v.txt');
    const r = run('train', dir, '--out', out, '--dim', '8', '--epochs', '1', '--min-count', '1', '--threads', '1', '--quiet');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /skipped .*1 lockfiles/);
    assert.match(r.stderr, /Python: 1 file, [\d,]+ tokens \(comments [\d,]+, strings [\d,]+, identifiers [\d,]+\)/);
    const words = new Set(readVectors(readFileSync(out)).words);
    for (const w of ['http_adapter0', 'get_connection', 'pool_manager', 'connection', 'friendly']) assert.ok(words.has(w), `${w} in ${[...words].slice(0, 50)}`);
    for (const w of ['def', 'self', 'return', 'lockfileversion', 'vendored_thing']) assert.ok(!words.has(w), w);

    const n = run('neighbours', out, 'getConnection', '-k', '3');
    assert.equal(n.status, 0, n.stderr);
    assert.match(n.stdout, /^# getConnection -> get_connection\n/);

    const prose = run('train', dir, '--out', out, '--dim', '8', '--epochs', '1', '--min-count', '1', '--threads', '1', '--quiet', '--no-code');
    assert.equal(prose.status, 0, prose.stderr);
    assert.match(prose.stderr, /skipped .*1 source \(code off\)/);
    assert.ok(!readVectors(readFileSync(out)).words.includes('get_connection'));

    const ids = run('train', dir, '--out', out, '--dim', '8', '--epochs', '1', '--min-count', '1', '--threads', '1', '--quiet', '--code-parts', 'identifiers');
    assert.equal(ids.status, 0, ids.stderr);
    assert.match(ids.stderr, /Python: 1 file, [\d,]+ tokens \(identifiers [\d,]+\)/);

    for (const [args, message] of [[['--code-parts', 'names']], [['--code-parts', 'comments', '--no-code']]].map(([a]) => [a, /--code-parts/] as const)) {
      const bad = run('train', dir, '--out', out, ...args);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, message);
      assert.doesNotMatch(bad.stderr, /\n\s+at /);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
