// Where the build's outputs are (kernels.wasm, search.wasm, the worker bundles, grammars/), from wherever the
// running bundle sits: dist/ itself (the extension, the CLI, the workers), or a folder below it (dist/bench/,
// dist/test/unit/<area>/). One search, so a test moved one folder deeper still finds what the build wrote.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How many folders above the bundle are searched (dist/test/unit/<area>/ is three below dist/). */
const MAX_UP = 5;

/** The folder at or above this bundle (or its `dist/` child) that holds every one of `names`; undefined if none. */
export function builtDir(...names: string[]): string | undefined {
  let dir = __dirname;
  for (let up = 0; up <= MAX_UP; up++) {
    for (const candidate of [dir, join(dir, 'dist')]) {
      if (names.every((n) => existsSync(join(candidate, n)))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The path of one built file, or undefined when the build has not written it. */
export function builtFile(name: string): string | undefined {
  const dir = builtDir(name);
  return dir === undefined ? undefined : join(dir, name);
}
