// The explorer panel (viewType embeddingLens.panel): its tabs are PANEL_TABS (webview/panel/tabs/).
// Commands: embeddingLens.openPanel {word?, tab?}, embeddingLens.compareWord {word}, embeddingLens.findInFiles {word}.
// The panel survives a window reload through a WebviewPanelSerializer; the webview restores its own tab and
// inputs from getState().
import * as vscode from 'vscode';
import { PANEL_TABS, type PanelTab, type ShowMessage, type ToPanel } from '../protocol';
import type { ModelService } from './model-service';
import { answerCompareRequest, type CompareDeps } from './compare/compare-requests';
import { findInFiles, wordArg, type ViewOnly } from './webview-bridge';
import { webviewOptions } from './webview-html';
import { WebviewHost } from './webview-host';

export const PANEL_VIEW_TYPE = 'embeddingLens.panel';
const TITLE = 'Embedding Lens';

/** Turns openPanel/compareWord arguments into a `show` message; an unknown tab is ignored. */
export function showMessageFor(arg: unknown): ShowMessage {
  const word = wordArg(arg);
  const rawTab = arg && typeof arg === 'object' ? (arg as { tab?: unknown }).tab : undefined;
  const msg: ShowMessage = { type: 'show' };
  if (word !== undefined) msg.word = word;
  if (typeof rawTab === 'string' && (PANEL_TABS as readonly string[]).includes(rawTab)) msg.tab = rawTab as PanelTab;
  else if (word !== undefined) msg.tab = 'neighbours';
  return msg;
}

class PanelHost extends WebviewHost<'panel'> {
  private panel: vscode.WebviewPanel | undefined;

  constructor(context: vscode.ExtensionContext, models: ModelService, private readonly extra?: Omit<CompareDeps, 'models'>) {
    super(context, models, 'panel', TITLE);
    if (extra) this.subscriptions.push(extra.compare.onDidChange((e) => this.postIfReady({ type: 'compare.changed', running: e.running })));
  }

  open(show: ShowMessage): void {
    this.setPending(show.word !== undefined || show.tab !== undefined ? show : undefined);
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.flush();
      return;
    }
    this.attach(vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, webviewOptions(this.context.extensionUri)));
  }

  /** Sets up a new or deserialised panel. */
  attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'lens.svg');
    this.connect(panel.webview, panel.onDidDispose, () => { if (this.panel === panel) this.panel = undefined; });
  }

  /** compare.run, and the Compare, Map and Evaluate requests. */
  protected async handle(msg: ViewOnly<'panel'>, post: (m: ToPanel) => void): Promise<void> {
    if (msg.type === 'compare.run') {
      await vscode.commands.executeCommand('embeddingLens.compare');
      return;
    }
    post(this.extra
      ? await answerCompareRequest(msg, { ...this.extra, models: this.models })
      : { type: 'response', id: msg.id, ok: false, error: 'Not available in this view.' });
  }

  override dispose(): void {
    super.dispose();
    this.panel?.dispose();
  }
}

/** `extra`: the compare service and evaluation files (Compare, Map and Evaluate tabs). */
export function registerPanel(context: vscode.ExtensionContext, models: ModelService, extra?: Omit<CompareDeps, 'models'>): void {
  const host = new PanelHost(context, models, extra);
  context.subscriptions.push(
    host,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        host.attach(panel); // the webview restores its tab and inputs from getState()
      },
    }),
    vscode.commands.registerCommand('embeddingLens.openPanel', (arg?: unknown) => host.open(showMessageFor(arg))),
    vscode.commands.registerCommand('embeddingLens.compareWord', (arg?: unknown) => {
      const word = wordArg(arg);
      host.open(showMessageFor(word === undefined ? { tab: 'compare' } : { word, tab: 'compare' }));
    }),
    vscode.commands.registerCommand('embeddingLens.findInFiles', async (arg?: unknown) => {
      const word = wordArg(arg);
      if (word === undefined) {
        void vscode.window.showWarningMessage('Embedding Lens: no word to search for.');
        return;
      }
      await findInFiles(word);
    }),
  );
}
