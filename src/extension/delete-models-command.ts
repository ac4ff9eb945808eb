// embeddingLens.deleteModels: lists every saved model (this workspace's first, then other workspaces') with its
// size, deletes the chosen ones after a confirmation. Tests pass { ids } (this workspace's models) to skip the
// picker and the confirmation.
import * as vscode from 'vscode';
import { formatBytes } from '../core/format';
import { plainNotificationText } from '../core/notification-text';
import type { ModelService } from './model-service';
import type { ModelStore, StoredModel } from './model-store';
import { allStores } from './workspace-store';

export interface DeleteArgs {
  ids?: string[];
}

interface Item extends vscode.QuickPickItem {
  store: ModelStore;
  model: StoredModel;
}

export { formatBytes };

/** Returns the ids deleted from this workspace's store (other workspaces' deletions are not listed). */
export async function deleteModelsCommand(context: vscode.ExtensionContext, models: ModelService, args?: DeleteArgs): Promise<string[]> {
  const own = models.store;
  if (args?.ids) {
    for (const id of args.ids) await models.remove(id);
    return args.ids;
  }
  const items: Item[] = [];
  const ownIndex = await own.readIndex();
  const ownLabel = (await own.workspace())?.label ?? 'this workspace';
  items.push(...ownIndex.models.map((m) => item(own, m, `this workspace (${ownLabel})`, ownIndex.active === m.id)));
  for (const store of await allStores(context)) {
    if (store.root.toString() === own.root.toString()) continue;
    const index = await store.readIndex().catch(() => undefined);
    if (!index?.models.length) continue;
    const where = (await store.workspace())?.label ?? store.root.path.slice(store.root.path.lastIndexOf('/') + 1);
    items.push(...index.models.map((m) => item(store, m, where, false)));
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Embedding Lens: no saved models.');
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Embedding Lens: Delete Saved Models',
    placeHolder: `${items.length} saved models, ${formatBytes(items.reduce((s, i) => s + i.model.bytes, 0))} in all. Pick the ones to delete.`,
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!picked?.length) return [];
  const total = formatBytes(picked.reduce((s, i) => s + i.model.bytes, 0));
  const confirm = await vscode.window.showWarningMessage(
    `Delete ${picked.length} saved model${picked.length === 1 ? '' : 's'} (${total})? This cannot be undone.`, { modal: true }, 'Delete');
  if (confirm !== 'Delete') return [];
  const deleted: string[] = [];
  for (const p of picked) {
    try {
      if (p.store === own) {
        await models.remove(p.model.id);
        deleted.push(p.model.id);
      } else {
        await p.store.remove(p.model.id);
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`Embedding Lens: could not delete "${plainNotificationText(p.model.label)}": ${plainNotificationText(e instanceof Error ? e.message : String(e))}`);
    }
  }
  void vscode.window.showInformationMessage(`Embedding Lens: deleted ${picked.length} saved model${picked.length === 1 ? '' : 's'} (${total}).`);
  return deleted;
}

function item(store: ModelStore, m: StoredModel, where: string, active: boolean): Item {
  return {
    // labels come from files and folder names; QuickPick would draw "$(name)" as an icon
    label: m.label.replace(/\$\(/g, '$ ('),
    // a reference takes no room in the store: deleting it leaves the user's file alone
    description: `${m.reference ? `not copied: read from ${vscode.Uri.parse(m.reference.source.uri).path.split('/').pop()!.replace(/\$\(/g, '$ (')}` : formatBytes(m.bytes)} · ${where}${active ? ' · active' : ''}`,
    detail: `${m.kind}, ${m.vocabSize.toLocaleString('en')} words × ${m.dim} dimensions, saved ${new Date(m.savedAt).toLocaleString()}`,
    store,
    model: m,
  };
}
