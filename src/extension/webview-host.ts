// One base for the host side of a webview (the sidebar view, the panel): it connects each new or restored webview
// through a WebviewBridge for its view, keeps the latest message meant for the view until the view's script says
// it is ready, and disposes the bridge with the webview. Subclasses own only what differs: how their webview is
// created or revealed, and the messages only their view sends.
import * as vscode from 'vscode';
import type { ToView, ViewName } from '../protocol';
import type { ModelService } from './model-service';
import { WebviewBridge, webviewLog, type ViewOnly } from './webview-bridge';
import { renderWebviewHtml, webviewOptions } from './webview-html';

export abstract class WebviewHost<V extends ViewName> implements vscode.Disposable {
  private bridge: WebviewBridge<V> | undefined;
  /** the latest message to show once the view is ready; a newer one replaces it (only the last request matters) */
  private pending: ToView<V> | undefined;
  protected readonly subscriptions: vscode.Disposable[] = [];

  protected constructor(
    protected readonly context: vscode.ExtensionContext,
    protected readonly models: ModelService,
    private readonly viewName: V,
    private readonly title: string,
  ) {}

  /** The view's own messages (those not every view shares). A request is answered through `post`. */
  protected abstract handle(msg: ViewOnly<V>, post: (m: ToView<V>) => void): Promise<void> | void;

  /**
   * Connects a new or restored webview: options, the bridge, the HTML. `onDidDispose` is its owner's dispose event;
   * `disposed` runs when that owner goes away while it is still the connected one.
   */
  protected connect(webview: vscode.Webview, onDidDispose: vscode.Event<void>, disposed: () => void): void {
    this.bridge?.dispose();
    webview.options = webviewOptions(this.context.extensionUri);
    const bridge = new WebviewBridge(this.viewName, webview, this.models, webviewLog(this.context), {
      onReady: () => this.flush(),
      handle: (msg, post) => this.handle(msg, post),
    });
    this.bridge = bridge;
    onDidDispose(() => {
      bridge.dispose();
      if (this.bridge === bridge) { this.bridge = undefined; disposed(); }
    });
    webview.html = renderWebviewHtml({ webview, extensionUri: this.context.extensionUri, entry: this.viewName, title: this.title });
  }

  /**
   * Keeps a message for the view (replacing any earlier one; undefined clears it). It goes out on the next flush()
   * once the view is ready, or as soon as the view says it is ready. Callers reveal the view between the two, so a
   * view that was hidden is live again when the message is posted.
   */
  protected setPending(message: ToView<V> | undefined): void {
    this.pending = message;
  }

  /** Posts only to a ready view (events a view that is still loading will read for itself). */
  protected postIfReady(message: ToView<V>): void {
    if (this.bridge?.isReady) this.bridge.post(message);
  }

  protected flush(): void {
    if (!this.pending || !this.bridge?.isReady) return;
    this.bridge.post(this.pending);
    this.pending = undefined;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.bridge?.dispose();
  }
}
