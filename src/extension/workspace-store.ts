// Which store a window uses: one per workspace under globalStorageUri, found by every window on it.
//
// A workspace is identified by what the user opened: the folder of a single-folder window, the
// .code-workspace file of a saved multi-root workspace, or the set of folders of an untitled one. A model is
// trained on all the folders of a window together, so it belongs to that whole workspace.
//
// Older versions kept models in the window's storageUri. Those stores are moved in once, on first use: the
// window's own, and every sibling under workspaceStorage/ whose workspace.json names the same workspace
// (code-server gave later windows on a folder such siblings: "<hash>-1", "<hash>-2").
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { ModelStore, message, safeId, type StoredModel } from './model-store';

export interface WorkspaceIdentity {
  /** a URI string (or several, for an untitled multi-root workspace) */
  identity: string;
  label: string;
  /** the store folder's name: readable, and unique by a hash of the identity */
  key: string;
}

export function workspaceIdentity(): WorkspaceIdentity {
  const file = vscode.workspace.workspaceFile;
  const folders = vscode.workspace.workspaceFolders ?? [];
  let identity: string;
  let label: string;
  if (file && file.scheme !== 'untitled') {
    identity = file.toString();
    label = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.code-workspace$/, '');
  } else if (folders.length > 0) {
    identity = folders.map((f) => f.uri.toString()).sort().join('\n');
    label = folders.map((f) => f.name).join(', ');
  } else {
    identity = 'no-workspace';
    label = 'no folder open';
  }
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return { identity, label, key: `${safeId(label).slice(0, 40)}-${hash}` };
}

export function storesRoot(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'workspaces');
}

/** This window's store, which moves older per-window stores of the same workspace in on first use. */
export function storeForWorkspace(context: vscode.ExtensionContext, log?: vscode.LogOutputChannel): ModelStore {
  const id = workspaceIdentity();
  const flag = `migrated:${id.key}`;
  return new ModelStore(vscode.Uri.joinPath(storesRoot(context), id.key), {
    describe: { identity: id.identity, label: id.label },
    migrate: async (store) => {
      if (context.globalState.get<boolean>(flag)) return;
      const legacy = await legacyStores(context.storageUri, id.identity);
      for (const root of legacy) {
        const moved = await migrateLegacyStore(store, root).catch((e: unknown) => {
          log?.warn(`could not move the models of ${root.fsPath}: ${message(e)}`);
          return 0;
        });
        if (moved) log?.info(`moved ${moved} saved model(s) from ${root.fsPath} to ${store.root.fsPath}`);
      }
      await context.globalState.update(flag, true);
    },
  });
}

/** Every workspace's store that holds models (for "Delete Saved Models…"). */
export async function allStores(context: vscode.ExtensionContext): Promise<ModelStore[]> {
  const root = storesRoot(context);
  let names: [string, vscode.FileType][];
  try {
    names = await vscode.workspace.fs.readDirectory(root);
  } catch {
    return [];
  }
  return names.filter(([, t]) => t === vscode.FileType.Directory).map(([n]) => new ModelStore(vscode.Uri.joinPath(root, n)));
}

/**
 * The per-window stores of older versions for this workspace: `storageUri` itself, and its siblings whose
 * workspace.json (written by VS Code into every workspaceStorage folder) names the same folder or file.
 */
export async function legacyStores(storageUri: vscode.Uri | undefined, identity: string): Promise<vscode.Uri[]> {
  if (!storageUri) return [];
  const extensionFolder = storageUri.path.slice(storageUri.path.lastIndexOf('/') + 1);
  const workspaceStorage = vscode.Uri.joinPath(storageUri, '..', '..');
  const found = [storageUri];
  let names: [string, vscode.FileType][] = [];
  try {
    names = await vscode.workspace.fs.readDirectory(workspaceStorage);
  } catch {
    return found;
  }
  const wanted = new Set(identity.split('\n'));
  for (const [name, type] of names) {
    if (type !== vscode.FileType.Directory) continue;
    const candidate = vscode.Uri.joinPath(workspaceStorage, name, extensionFolder);
    if (candidate.toString() === storageUri.toString()) continue;
    try {
      const meta = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceStorage, name, 'workspace.json')))) as { folder?: unknown; workspace?: unknown };
      const uri = typeof meta.folder === 'string' ? meta.folder : typeof meta.workspace === 'string' ? meta.workspace : undefined;
      if (uri && wanted.size === 1 && wanted.has(vscode.Uri.parse(uri).toString())) found.push(candidate);
    } catch {
      // no workspace.json, or not readable: not one of ours
    }
  }
  return found;
}

interface LegacyIndex { active?: unknown; models?: unknown }

/** Moves one older store's models into `store` (newer models win a clash of ids). Returns how many moved. */
export async function migrateLegacyStore(store: ModelStore, legacyRoot: vscode.Uri): Promise<number> {
  const fs = store.fileSystem;
  const folder = vscode.Uri.joinPath(legacyRoot, 'models');
  const indexUri = vscode.Uri.joinPath(folder, 'index.json');
  let index: LegacyIndex;
  try {
    index = JSON.parse(new TextDecoder().decode(await fs.readFile(indexUri))) as LegacyIndex;
  } catch {
    return 0; // no older store here
  }
  const models = Array.isArray(index.models) ? (index.models as Partial<StoredModel>[]) : [];
  let moved = 0;
  await fs.createDirectory(store.folder);
  for (const m of models) {
    if (typeof m.id !== 'string' || typeof m.label !== 'string' || typeof m.trainedAt !== 'string') continue;
    const from = vscode.Uri.joinPath(folder, `${safeId(m.id)}.emblens`);
    const existing = await store.peek(m.id);
    if (existing && existing.trainedAt >= m.trainedAt) {
      await fs.delete(from, { useTrash: false }).then(undefined, () => undefined);
      continue;
    }
    const file = store.newFileName(m.id);
    try {
      await fs.rename(from, vscode.Uri.joinPath(store.folder, file), { overwrite: false });
    } catch {
      continue; // its file is gone: nothing to move
    }
    const bytes = (await fs.stat(vscode.Uri.joinPath(store.folder, file))).size;
    await store.adopt(m as StoredModel, file, bytes, m.trainedAt);
    moved++;
  }
  if (typeof index.active === 'string' && (await store.peek(index.active))) await store.activateIfNone(index.active);
  const compare = vscode.Uri.joinPath(folder, 'compare.json');
  await fs.rename(compare, vscode.Uri.joinPath(store.folder, 'compare.json'), { overwrite: false }).then(undefined, () => undefined);
  await fs.delete(indexUri, { useTrash: false }).then(undefined, () => undefined);
  await fs.delete(folder, { useTrash: false }).then(undefined, () => undefined); // only when empty
  return moved;
}
