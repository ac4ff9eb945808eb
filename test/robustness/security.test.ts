// Security of what the extension accepts and renders, in plain node: webview message validation (hostile and
// fuzzed messages), the host's request answers, hover Markdown escaping, the webviews' CSP and nonce, and
// the Workspace Trust declaration. The same paths in the real VS Code: test/integration/robustness.test.ts
// (hover, message bridge) and test/ui/security.ui.mjs (webview DOM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as vscode from 'vscode';
import { isInvalid, parseWebviewMessage } from '../../src/extension/message-validation';
import { answerRequest } from '../../src/extension/webview-requests';
import { renderWebviewHtml } from '../../src/extension/webview-html';
import { renderNeighboursHover, HOVER_COMMANDS } from '../../src/core/hover-markdown';
import { Embeddings } from '../../src/core/vectors';
import { repoRoot } from '../data-path';
import { Rng } from '../factories/robustness';

export const HOSTILE = ['<img src=x onerror=alert(1)>', '[a](command:workbench.action.quit)', '`x`', '$(icon)', 'javascript:alert(1)',
  '<script>alert(1)</script>', '"><svg onload=alert(1)>', '](command:x)', '${7*7}', '{{constructor.constructor("alert(1)")()}}', '\u202eevil', '&lt;b&gt;'];

// Fields any accepted message may carry; none of them names a path, a URI or a command.
const ALLOWED_KEYS = new Set(['type', 'id', 'word', 'k', 'a', 'b', 'c', 'method', 'words', 'prefix', 'limit', 'modelId', 'tab', 'n', 'scope', 'kind', 'target']);

function logSink() {
  const lines: string[] = [];
  return { lines, log: { appendLine: (l: string) => lines.push(l) } };
}

test('webview messages: unknown types and bad fields are rejected and logged, never thrown', () => {
  const { lines, log } = logSink();
  const bad: unknown[] = [
    undefined, null, 42, 'ready', [], [{ type: 'ready' }], new Date(), Object.create({ type: 'ready' }),
    { type: 'exec', command: 'rm -rf /' }, { type: 'command', command: 'workbench.action.quit' },
    { type: 'file.read', path: '/etc/passwd' }, { type: 'eval.pick', id: 1, kind: 'analogies', path: '/etc/passwd' },
    { type: 'query.neighbours', id: 1, word: '../../etc/passwd', k: 5 },
    { type: 'query.neighbours', id: 1, word: 'C:\\Windows\\win.ini', k: 5 },
    { type: 'query.neighbours', id: 1, word: 'ok', k: 5, extra: 1 },
    { type: 'query.neighbours', id: 1, word: 'ok', k: 1e9 },
    { type: 'query.neighbours', id: 1, word: 'ok', k: '5' },
    { type: 'query.neighbours', id: -1, word: 'ok', k: 5 },
    { type: 'query.neighbours', id: 1, word: 'x'.repeat(10_000), k: 5 },
    { type: 'query.neighbours', id: 1, word: 'a\u0000b', k: 5 },
    { type: 'query.analogy', id: 2, a: 'a', b: 'b', c: 'c', method: 'eval', k: 5 },
    { type: 'query.oddOneOut', id: 3, words: 'a b c' },
    { type: 'query.oddOneOut', id: 3, words: Array(1000).fill('a') },
    { type: 'models.select', modelId: 'x\u0007' },
    { type: 'panel.open', tab: 'javascript:alert(1)' },
    { type: 'word.findInFiles', word: 'a b' },
    { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' },
    JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
    { get type(): string { throw new Error('getter'); } },
  ];
  for (const raw of bad) {
    const before = lines.length;
    const result = parseWebviewMessage(raw, log);
    assert.ok(isInvalid(result), 'a hostile message was accepted');
    assert.equal(lines.length, before + 1, 'each rejection is logged once');
    assert.match(lines.at(-1)!, /rejected message/);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  // a throwing log must not break the validator either
  assert.ok(isInvalid(parseWebviewMessage({ type: 'nope' }, { appendLine: () => { throw new Error('log down'); } })));
  // the request id is echoed when readable, so the webview gets an answer instead of waiting forever
  assert.deepEqual(parseWebviewMessage({ type: 'query.neighbours', id: 7, word: 'a b', k: 5 }), { error: "'word' must be a single word (no spaces, slashes or control characters)", id: 7 });
});

test('webview messages: 20,000 fuzzed messages never throw; accepted ones carry no path or command field', () => {
  const r = new Rng(99);
  const types = ['ready', 'model.train', 'models.select', 'word.findInFiles', 'panel.open', 'query.neighbours', 'query.analogy', 'query.similarity',
    'query.oddOneOut', 'vocab.complete', 'compare.summary', 'compare.word', 'map.data', 'eval.files', 'eval.pick', 'eval.run', 'compare.run',
    'exec', 'file.read', 'command', '', 'READY'];
  const keys = [...ALLOWED_KEYS, 'path', 'uri', 'command', 'args', 'file', '__proto__', 'constructor'];
  const values = (): unknown => r.pick<() => unknown>([
    () => r.pick(HOSTILE), () => r.pick(['word', 'kube', '/etc/passwd', '..\\x', 'file:///etc/passwd', 'command:workbench.action.quit', '', ' ']),
    () => r.int(300) - 50, () => r.float(), () => Number.NaN, () => null, () => undefined, () => [r.pick(HOSTILE), 'a', 'b'],
    () => ({ nested: true }), () => r.pick(['add', 'mul', 'active', 'compare', 'analogies', 'similarity', 'neighbours', 'pca', 'all']),
    () => r.int(2) === 0, () => 'x'.repeat(r.int(300)),
  ])();
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    const m: Record<string, unknown> = { type: r.pick(types) };
    const n = r.int(6);
    for (let j = 0; j < n; j++) m[r.pick(keys)] = values();
    let result: ReturnType<typeof parseWebviewMessage>;
    assert.doesNotThrow(() => { result = parseWebviewMessage(m); }, JSON.stringify(m));
    if (isInvalid(result!)) continue;
    accepted++;
    for (const [key, value] of Object.entries(result!)) {
      assert.ok(ALLOWED_KEYS.has(key), `accepted field ${key}`);
      const strings = Array.isArray(value) ? value : [value];
      for (const s of strings) if (typeof s === 'string' && key !== 'modelId' && key !== 'type') assert.ok(!/[/\\\u0000-\u001f]/.test(s), `accepted ${key}=${JSON.stringify(s)}`);
    }
  }
  console.log(`# webview message fuzz: 20000 messages, ${accepted} accepted as valid`);
});

test('host answers: hostile words are data, OOV and empty inputs are friendly errors, nothing throws', async () => {
  const words = ['plain', ...HOSTILE.filter((w) => !/\s/.test(w))];
  const emb = new Embeddings(words, 3, new Float32Array(words.length * 3).map((_, i) => 1 + Math.sin(i)));
  let id = 0;
  for (const w of [...words, ...HOSTILE, '', 'nope']) {
    for (const req of [
      { type: 'query.neighbours', id: ++id, word: w, k: 5 },
      { type: 'query.analogy', id: ++id, a: w, b: w, c: w, method: 'add', k: 300 },
      { type: 'query.similarity', id: ++id, a: w, b: 'plain' },
      { type: 'query.oddOneOut', id: ++id, words: [w, w, 'plain'] },
      { type: 'vocab.complete', id: ++id, prefix: w, limit: 50 },
    ] as const) {
      const res = await answerRequest(emb, req as never);
      assert.equal(res.id, req.id);
      if (!res.ok) assert.match(res.error, /not in the vocabulary|Empty word/);
    }
  }
  assert.deepEqual((await answerRequest(undefined, { type: 'query.neighbours', id: 1, word: 'plain', k: 5 })).ok, false);
});

test('hover Markdown: hostile words are escaped; links only to our commands', () => {
  const md = renderNeighboursHover(HOSTILE[0]!, HOSTILE.map((word, i) => ({ word, similarity: 1 - i / 100 })), '<b>label</b> [x](command:y)');
  const targets = [...md.matchAll(/\]\(([^)\s]*)/g)].map((m) => m[1]!);
  assert.equal(targets.length, HOSTILE.length + 2);
  for (const t of targets) assert.match(t, new RegExp(`^command:(${HOVER_COMMANDS.join('|').replace(/\./g, '\\.')})\\?[A-Za-z0-9%._~-]*$`));
  const LINK = /(?<!\\)\[((?:\\.|[^\\\]])*)\]\(command:[^)\s]*(?: "((?:\\.|[^"\\])*)")?\)/g;
  for (const m of md.matchAll(LINK)) {
    // every ASCII punctuation character in a label is backslash-escaped
    assert.match(m[1]!, /^(?:\\[!-/:-@[-`{-~]|[^!-/:-@[-`{-~])*$/, `label ${m[1]}`);
  }
  const rest = md.replace(LINK, '');
  assert.ok(!/(?<!\\)[<>`[\]]/.test(rest), rest);
  assert.ok(!/(?<!\\)\$\(/.test(rest), rest);
  assert.ok(!md.includes('](command:workbench'));
});

// A minimal HTML reading: the CSP meta, every script and the attributes a browser would act on.
function renderTwice() {
  class FakeUri {
    constructor(readonly scheme: string, readonly path: string) {}
    with(change: { path?: string }): FakeUri { return new FakeUri(this.scheme, change.path ?? this.path); }
    toString(): string { return `${this.scheme}://ext${this.path}`; }
  }
  const webview = { cspSource: 'https://*.vscode-cdn.net', asWebviewUri: (u: vscode.Uri) => new FakeUri('https', `/wv${u.path}`) as unknown as vscode.Uri };
  const extensionUri = new FakeUri('file', '/ext') as unknown as vscode.Uri;
  return (['sidebar', 'panel'] as const).map((entry) => [0, 1].map(() => renderWebviewHtml({ webview, extensionUri, entry, title: '<script>alert(1)</script>' })));
}

test('CSP: every render has one strict policy with a fresh nonce that every script carries', () => {
  const nonces = new Set<string>();
  for (const renders of renderTwice()) {
    for (const html of renders) {
      const metas = [...html.matchAll(/<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>/gi)];
      assert.equal(metas.length, 1);
      const content = /content="([^"]*)"/.exec(metas[0]![0])![1]!.replace(/&#39;/g, "'");
      const csp = new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      const scriptSrc = csp.get('script-src')!;
      assert.equal(scriptSrc.length, 1);
      const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(scriptSrc[0]!)?.[1];
      assert.ok(nonce, `script-src ${scriptSrc}`);
      assert.ok(!nonces.has(nonce), 'nonce reused across renders');
      nonces.add(nonce);
      for (const [k, v] of csp) {
        for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', "'strict-dynamic'"]) assert.ok(!v.includes(bad), `${k} allows ${bad}`);
      }
      assert.equal(csp.has('connect-src'), false);
      assert.deepEqual(csp.get('base-uri'), ["'none'"]);
      assert.deepEqual(csp.get('form-action'), ["'none'"]);
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length >= 1);
      for (const s of scripts) {
        assert.equal(/nonce="([^"]*)"/.exec(s[1]!)?.[1], nonce, 'script without this render\'s nonce');
        assert.equal(s[2]!.trim(), '', 'no inline script body');
      }
      assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handler');
      assert.ok(!/javascript:/i.test(html));
      assert.ok(!html.includes('<script>alert(1)</script>'), 'the title is escaped');
    }
  }
  assert.equal(nonces.size, 4);
});

test('Workspace Trust and virtual workspaces are declared in package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const caps = pkg.capabilities;
  assert.ok(caps, 'package.json has capabilities');
  // Restricted Mode: supported, but the settings that choose which files are read or what training costs are
  // restricted (an untrusted folder's own values are ignored; test/untrusted checks that in the real VS Code).
  assert.equal(caps.untrustedWorkspaces?.supported, 'limited');
  const declared = Object.keys(pkg.contributes.configuration.properties);
  const restricted: string[] = caps.untrustedWorkspaces.restrictedConfigurations;
  assert.deepEqual([...restricted].sort(), ['embeddingLens.dimensions', 'embeddingLens.epochs', 'embeddingLens.eval.analogies', 'embeddingLens.eval.similarity',
    'embeddingLens.exclude', 'embeddingLens.include', 'embeddingLens.maxFileSizeKB', 'embeddingLens.threads']);
  for (const key of restricted) assert.ok(declared.includes(key), `${key} is not a declared setting`);
  assert.ok(caps.virtualWorkspaces?.supported === true || caps.virtualWorkspaces?.supported === 'limited');
  // nothing in the manifest runs workspace content: no task, debugger, terminal or language-server contributions
  for (const k of ['taskDefinitions', 'debuggers', 'terminal']) assert.equal(pkg.contributes?.[k], undefined, k);
});
