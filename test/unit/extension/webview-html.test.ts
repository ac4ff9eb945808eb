// webview-html: strict CSP with a fresh nonce, resources only from dist/webview and media.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { contentSecurityPolicy, renderWebviewHtml, webviewOptions } from '../../../src/extension/webview-html';

// Just enough of vscode.Uri for the pure module (it only uses .path, .with() and toString()).
class FakeUri {
  constructor(readonly scheme: string, readonly path: string) {}
  with(change: { path?: string }): FakeUri { return new FakeUri(this.scheme, change.path ?? this.path); }
  toString(): string { return `${this.scheme}://ext${this.path}`; }
}
const extensionUri = new FakeUri('file', '/ext/embedding-lens') as unknown as vscode.Uri;
const cspSource = 'https://*.vscode-cdn.net';
const webview = {
  cspSource,
  asWebviewUri: (u: vscode.Uri) => new FakeUri('https', `/webview${u.path}`) as unknown as vscode.Uri,
};

interface Parsed { csp: Map<string, string[]>; scripts: { nonce?: string; src?: string; inline: boolean }[]; links: string[]; inlineStyles: number; styleAttrs: number }

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1]?.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));
}

function parse(html: string): Parsed {
  const metas = [...html.matchAll(/<meta\b[^>]*>/g)].map((m) => m[0]).filter((t) => /http-equiv="Content-Security-Policy"/i.test(t));
  assert.equal(metas.length, 1, 'exactly one CSP meta tag');
  const content = attr(metas[0]!, 'content')!;
  const csp = new Map<string, string[]>();
  for (const part of content.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    assert.ok(!csp.has(name!), `directive ${name} appears once`);
    csp.set(name!, values);
  }
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({
    nonce: attr(m[0], 'nonce'), src: attr(m[0], 'src'), inline: m[2]!.trim().length > 0,
  }));
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => attr(m[0], 'href') ?? '');
  return { csp, scripts, links, inlineStyles: (html.match(/<style\b/g) ?? []).length, styleAttrs: (html.match(/\sstyle=/g) ?? []).length };
}

for (const entry of ['sidebar', 'panel'] as const) {
  test(`${entry}: strict CSP with the render's nonce`, () => {
    const html = renderWebviewHtml({ webview, extensionUri, entry, title: 'T' });
    const { csp, scripts, links, inlineStyles, styleAttrs } = parse(html);
    assert.deepEqual(csp.get('default-src'), [`'none'`]);
    const scriptSrc = csp.get('script-src')!;
    assert.equal(scriptSrc.length, 1);
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc[0]!)?.[1];
    assert.ok(nonce && nonce.length >= 22, 'a 128-bit nonce');
    assert.deepEqual(csp.get('style-src'), [cspSource, `'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('font-src'), [cspSource]);
    assert.deepEqual(csp.get('img-src'), [cspSource, 'data:']);
    assert.ok(!csp.has('connect-src') && !csp.has('frame-src') && !csp.has('worker-src'), 'nothing else is allowed');
    const all = [...csp.values()].flat();
    for (const forbidden of [`'unsafe-eval'`, `'unsafe-inline'`, '*', 'https:', 'http:', `'strict-dynamic'`, 'blob:']) {
      assert.ok(!all.includes(forbidden), `${forbidden} is not allowed`);
    }
    // every script carries the nonce and comes from dist/webview; no inline script or style
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]!.nonce, nonce);
    assert.equal(scripts[0]!.inline, false);
    assert.equal(scripts[0]!.src, `https://ext/webview/ext/embedding-lens/dist/webview/${entry}.js`);
    assert.equal(inlineStyles, 0);
    assert.equal(styleAttrs, 0);
    for (const href of links) assert.match(href, /^https:\/\/ext\/webview\/ext\/embedding-lens\/media\/[a-z]+\.css$/);
  });
}

test('a fresh nonce for every render', () => {
  const nonces = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const html = renderWebviewHtml({ webview, extensionUri, entry: 'panel', title: 'T' });
    const { csp, scripts } = parse(html);
    assert.equal(csp.get('script-src')![0], `'nonce-${scripts[0]!.nonce}'`);
    nonces.add(scripts[0]!.nonce!);
  }
  assert.equal(nonces.size, 50);
});

test('the title is escaped', () => {
  const html = renderWebviewHtml({ webview, extensionUri, entry: 'panel', title: '</title><script>alert(1)</script>' });
  assert.equal(parse(html).scripts.length, 1);
  assert.ok(!html.includes('<script>alert'));
});

test('contentSecurityPolicy is exactly the documented policy', () => {
  assert.equal(contentSecurityPolicy('vscode-resource:', 'abc'),
    `default-src 'none'; script-src 'nonce-abc'; style-src vscode-resource: 'nonce-abc'; font-src vscode-resource:; img-src vscode-resource: data:; base-uri 'none'; form-action 'none'`);
});

test('webview options: scripts on, resources only from dist/webview and media', () => {
  const opts = webviewOptions(extensionUri);
  assert.deepEqual(Object.keys(opts).sort(), ['enableScripts', 'localResourceRoots']);
  assert.equal(opts.enableScripts, true);
  assert.deepEqual(opts.localResourceRoots!.map((u) => u.path), ['/ext/embedding-lens/dist/webview', '/ext/embedding-lens/media']);
});
