// Which files of a workspace folder are read for training: the folder walk of core/file-walk.ts with the
// include globs, files.exclude + search.exclude + embeddingLens.exclude, and .gitignore files (when
// search.useIgnoreFiles is on). Nothing outside the workspace folders is listed or read: a symbolic link is
// followed only into a workspace folder (file: workspaces, where links can be resolved; elsewhere links are not
// followed at all). findFiles is not used because it follows links anywhere (search.followSymlinks), lists
// everything first, and cannot be paused or cancelled between folders.
import * as vscode from 'vscode';
import { walkRoots, type EntryKind, type WalkCounts, type WalkFs } from '../core/file-walk';
import { nodeWalkFs } from '../core/file-walk-node';
import { GlobSet } from '../core/gitignore';

export interface SelectedFile {
  /** the file as the walk reached it (through links), for display and file types */
  uri: vscode.Uri;
  /** its path below the workspace folder, as walked */
  rel: string;
  /** the real file: stat and read this one */
  readUri: vscode.Uri;
}

export interface Selection {
  files: SelectedFile[];
  counts: WalkCounts;
}

export interface SelectionPatterns {
  include: readonly string[];
  exclude: readonly string[];
}

function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object') return [];
  // `true` entries only; `{ when: ... }` sibling conditions are not supported and are ignored.
  return Object.entries(setting as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k);
}

/** The file system of a non-file workspace, through vscode.workspace.fs: links there are never followed. */
function vscodeWalkFs(root: vscode.Uri): WalkFs {
  const at = (path: string) => root.with({ path });
  const kind = (t: vscode.FileType): EntryKind => (t & vscode.FileType.File ? 'file' : t & vscode.FileType.Directory ? 'dir' : 'other');
  return {
    async realRoot(path) {
      try {
        await vscode.workspace.fs.stat(at(path));
        return path;
      } catch {
        return undefined;
      }
    },
    async list(dir) {
      const entries = await vscode.workspace.fs.readDirectory(at(dir));
      return entries.map(([name, t]) => ({ name, kind: kind(t), link: (t & vscode.FileType.SymbolicLink) !== 0 }));
    },
    async resolve() {
      return undefined; // no realpath here: a link cannot be shown to stay inside the folder
    },
    async size(file) {
      return (await vscode.workspace.fs.stat(at(file))).size;
    },
    async readText(file) {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(at(file)));
    },
    join: (dir, name) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`),
    inside: (real, base) => real === base || real.startsWith(base.endsWith('/') ? base : base + '/'),
  };
}

/**
 * The files of `root` to read, and what was left out. `allRoots` are the workspace folders (links may lead into
 * any of them). `checkpoint` is awaited often: it yields to the event loop and throws to cancel.
 * Throws GlobLimitError when a pattern, the patterns or the .gitignore files are over the caps.
 */
export async function walkWorkspaceFolder(root: vscode.Uri, allRoots: readonly vscode.Uri[], patterns: SelectionPatterns,
  checkpoint: () => Promise<void>): Promise<Selection> {
  const filesExclude = enabledGlobs(vscode.workspace.getConfiguration('files', root).get('exclude'));
  const searchExclude = enabledGlobs(vscode.workspace.getConfiguration('search', root).get('exclude'));
  const gitignore = vscode.workspace.getConfiguration('search', root).get<boolean>('useIgnoreFiles', true) !== false;
  const include = new GlobSet(patterns.include, '"embeddingLens.include"');
  const exclude = new GlobSet([...filesExclude, ...searchExclude, ...patterns.exclude], '"files.exclude", "search.exclude" and "embeddingLens.exclude"');

  const local = root.scheme === 'file';
  const fs = local ? nodeWalkFs : vscodeWalkFs(root);
  const location = (u: vscode.Uri) => (local ? u.fsPath : u.path);
  const others = allRoots.filter((r) => r.scheme === root.scheme && r.authority === root.authority && r.toString() !== root.toString());
  const walked = await walkRoots(fs, [location(root)], { include, exclude, gitignore, checkpoint, alsoInside: others.map(location) });
  const toUri = (p: string) => (local ? vscode.Uri.file(p) : root.with({ path: p }));
  const files = walked.files.map((f): SelectedFile => ({
    uri: local ? vscode.Uri.joinPath(root, ...f.rel.split('/')) : root.with({ path: fs.join(location(root), f.rel) }),
    rel: f.rel,
    readUri: toUri(f.real),
  }));
  return { files, counts: walked.counts };
}
