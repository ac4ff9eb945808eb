// The walk's file system on node:fs (the CLI, and the extension for file: workspaces, where links can be
// resolved). Kept beside file-walk.ts; the only core module that touches the disk.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { EntryKind, WalkEntry, WalkFs } from './file-walk';

const kindOf = (s: { isFile(): boolean; isDirectory(): boolean }): EntryKind => (s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other');

export const nodeWalkFs: WalkFs = {
  async realRoot(root) {
    try {
      return await realpath(root);
    } catch {
      return undefined;
    }
  },
  async list(dir) {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.map((e): WalkEntry => ({ name: e.name, kind: kindOf(e), link: e.isSymbolicLink() }));
  },
  async resolve(link) {
    try {
      const real = await realpath(link);
      return { real, kind: kindOf(await stat(real)) };
    } catch {
      return undefined; // dangling, a loop (ELOOP), or unreadable
    }
  },
  async size(file) {
    return (await stat(file)).size;
  },
  async readText(file) {
    return new TextDecoder().decode(await readFile(file));
  },
  join,
  inside(real, root) {
    if (process.platform === 'win32') {
      const r = real.toLowerCase();
      const base = root.toLowerCase();
      return r === base || r.startsWith(base.endsWith(sep) ? base : base + sep);
    }
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  },
};
