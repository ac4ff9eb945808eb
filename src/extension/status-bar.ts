// "$(symbol-namespace) Embedding Lens: 12k words" / "training 43%" / "no model". Click: open the panel
// (or focus the explorer view when there is no model yet).
import * as vscode from 'vscode';
import type { ModelService } from './model-service';
import { formatCount } from '../core/format';

export function statusText(models: ModelService): { text: string; tooltip: string; command: string } {
  const t = models.trainingState();
  const info = models.isReady() ? models.activeInfo() : undefined;
  if (t.running) {
    const what = t.phase === 'reading' ? 'reading files' : t.phase === 'saving' ? 'saving' : `training ${Math.floor((t.fraction ?? 0) * 100)}%`;
    return { text: `$(sync~spin) Embedding Lens: ${what}`, tooltip: 'Embedding Lens is training. Click to open the explorer.', command: 'embeddingLens.explorer.focus' };
  }
  if (!info) {
    return { text: '$(symbol-namespace) Embedding Lens: no model', tooltip: 'No embeddings yet. Click to open the explorer and train on this workspace.', command: 'embeddingLens.explorer.focus' };
  }
  return {
    text: `$(symbol-namespace) Embedding Lens: ${formatCount(info.vocabSize)} words`,
    tooltip: `Active model: ${info.label}\n${info.kind}, ${info.vocabSize} words × ${info.dim} dimensions, ${formatCount(info.tokens)} tokens from ${info.files} files\n${info.trainedAt}\nClick to open the Embedding Lens panel.`,
    command: 'embeddingLens.openPanel',
  };
}

export function registerStatusBar(context: vscode.ExtensionContext, models: ModelService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('embeddingLens.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Embedding Lens';
  const update = (): void => {
    const s = statusText(models);
    item.text = s.text;
    item.tooltip = s.tooltip; // a plain string: never rendered as markdown
    item.command = s.command;
    void vscode.commands.executeCommand('setContext', 'embeddingLens.hasModel', models.isReady() && models.activeInfo() !== undefined);
  };
  update();
  item.show();
  // Read the (small) model index shortly after activation rather than during it.
  const timer = setTimeout(() => void models.ready(), 1000);
  context.subscriptions.push(item, models.onDidChange(update), models.onDidChangeTraining(update), { dispose: () => clearTimeout(timer) });
  return item;
}
