import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'embedding-lens') return dir;
      } catch {
        // not our package.json; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository root: the nearest folder above this file (src or dist bundle), else above the cwd, whose package.json is "embedding-lens". */
export function repoRoot(): string {
  const root = findRoot(__dirname) ?? findRoot(process.cwd());
  if (!root) throw new Error(`cannot find the embedding-lens package.json above ${__dirname} or ${process.cwd()}`);
  return root;
}

/** Absolute path of a file in the shared data folder; throws (never skips) when the folder is missing. */
export function dataPath(rel: string): string {
  const root = process.env.EMBEDDING_LENS_DATA ?? path.resolve(repoRoot(), '..', 'shared', 'data');
  if (!existsSync(root)) {
    throw new Error(`shared data not found at ${root}; set EMBEDDING_LENS_DATA to the folder holding corpus/, analogy/, similarity/`);
  }
  return path.join(root, rel);
}
