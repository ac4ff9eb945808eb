// Builds each webview's HTML and options. Security model:
// - CSP: default-src 'none'; scripts only with this render's nonce (a fresh crypto-random value per render);
//   styles only from the extension (webview.cspSource) or with the nonce; fonts/images only from the extension
//   (images may also be data: URIs); no 'unsafe-eval', no 'unsafe-inline', no connect-src (the page talks to
//   the host through postMessage only), base-uri and form-action 'none'.
// - @vscode-elements/elements needs no 'unsafe-inline': its Lit components put their CSS in constructed
//   stylesheets (shadowRoot.adoptedStyleSheets, which CSP does not govern) and set dynamic styles through
//   the CSSOM (element.style.x = ..., their stylePropertyMap directive), which CSP does not block either.
//   Our own code follows the same rule (similarity bars use element.style.width).
// - Options: enableScripts and localResourceRoots = dist/webview + media only; nothing else
//   (no command URIs, no forms, no other roots).
// This file has no runtime `vscode` import (only types) so that unit tests can run it in node.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type * as vscode from 'vscode';

export type WebviewEntry = 'sidebar' | 'panel';

/** Fresh 128-bit nonce from the OS CSPRNG, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

function joinUri(base: vscode.Uri, ...segments: string[]): vscode.Uri {
  return base.with({ path: posix.join(base.path, ...segments) });
}

export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [joinUri(extensionUri, 'dist', 'webview'), joinUri(extensionUri, 'media')];
}

/** The only webview options we use. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface RenderInput {
  webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>;
  extensionUri: vscode.Uri;
  entry: WebviewEntry;
  title: string;
  /** for tests; a fresh nonce is made when absent */
  nonce?: string;
}

/** The whole HTML document for one render of a webview. */
export function renderWebviewHtml({ webview, extensionUri, entry, title, nonce = makeNonce() }: RenderInput): string {
  const asset = (...segments: string[]) => escapeHtml(webview.asWebviewUri(joinUri(extensionUri, ...segments)).toString());
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" nonce="${nonce}" href="${asset('media', 'webview.css')}">
<link rel="stylesheet" nonce="${nonce}" href="${asset('media', `${entry}.css`)}">
</head>
<body class="el-${entry}">
<main id="app" aria-busy="true"></main>
<script type="module" nonce="${nonce}" src="${asset('dist', 'webview', `${entry}.js`)}"></script>
</body>
</html>
`;
}
