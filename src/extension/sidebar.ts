// The "Explorer" webview view in the Embedding Lens activity-bar container, and embeddingLens.explore.
import * as vscode from 'vscode';
import type { ModelService } from './model-service';
import type { ViewOnly } from './webview-bridge';
import { wordArg } from './webview-bridge';
import { WebviewHost } from './webview-host';

export const SIDEBAR_VIEW_ID = 'embeddingLens.explorer';

class ExplorerViewProvider extends WebviewHost<'sidebar'> implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(context: vscode.ExtensionContext, models: ModelService) {
    super(context, models, 'sidebar', 'Embedding Lens Explorer');
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.connect(view.webview, view.onDidDispose, () => { this.view = undefined; });
  }

  protected handle(msg: ViewOnly<'sidebar'>): void {
    // panel.open is the sidebar's only message of its own
    void vscode.commands.executeCommand('embeddingLens.openPanel', { word: msg.word, tab: msg.tab });
  }

  async explore(word: string): Promise<void> {
    this.setPending({ type: 'show', word });
    // `<viewId>.focus` is the command VS Code registers for every view; it opens the container and resolves the view.
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
    this.view?.show?.(false);
    this.flush();
  }
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
