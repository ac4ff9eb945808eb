// The "Explorer" webview view in the Embedding Lens activity-bar container, and embeddingLens.explore.
import * as vscode from 'vscode';
import type { ModelService } from './model-service';
import { WebviewBridge, webviewLog, wordArg } from './webview-bridge';
import { renderWebviewHtml, webviewOptions } from './webview-html';

export const SIDEBAR_VIEW_ID = 'embeddingLens.explorer';

class ExplorerViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private bridge: WebviewBridge | undefined;
  /** a word to show once the view is resolved and its script is ready */
  private pendingWord: string | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly models: ModelService) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.bridge?.dispose();
    this.view = view;
    view.webview.options = webviewOptions(this.context.extensionUri);
    const bridge = new WebviewBridge(view.webview, this.models, webviewLog(this.context), {
      openPanel: (word, tab) => { void vscode.commands.executeCommand('embeddingLens.openPanel', { word, tab }); },
      onReady: () => this.flush(),
    });
    this.bridge = bridge;
    view.onDidDispose(() => {
      bridge.dispose();
      if (this.bridge === bridge) { this.bridge = undefined; this.view = undefined; }
    });
    view.webview.html = renderWebviewHtml({
      webview: view.webview, extensionUri: this.context.extensionUri, entry: 'sidebar', title: 'Embedding Lens Explorer',
    });
  }

  async explore(word: string): Promise<void> {
    this.pendingWord = word;
    // `<viewId>.focus` is the command VS Code registers for every view; it opens the container and resolves the view.
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
    this.view?.show?.(false);
    this.flush();
  }

  private flush(): void {
    if (this.pendingWord === undefined || !this.bridge?.isReady) return;
    this.bridge.post({ type: 'show', word: this.pendingWord });
    this.pendingWord = undefined;
  }

  dispose(): void { this.bridge?.dispose(); }
}

export function registerSidebar(context: vscode.ExtensionContext, models: ModelService): void {
  const provider = new ExplorerViewProvider(context, models);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, provider),
    vscode.commands.registerCommand('embeddingLens.explore', async (arg?: unknown) => {
      const word = wordArg(arg);
      if (word === undefined) {
        await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
        return;
      }
      await provider.explore(word);
    }),
  );
}
