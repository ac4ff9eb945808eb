import { setAccelerator } from '../src/core/vectors';
import { createSearchAccelerator, searchLayoutHooks } from '../src/engine/search';

/** The WASM search accelerator, installed only for the duration of a comparison. */
export const acc = createSearchAccelerator();

/** f() with core on its JS loops, then with the WASM accelerator; the accelerator is removed afterwards. */
export function both<T>(f: () => T): { js: T; wasm: T } {
  setAccelerator(undefined);
  const js = f();
  setAccelerator(acc);
  try {
    return { js, wasm: f() };
  } finally {
    setAccelerator(undefined);
  }
}

/** f() with the search laid out as `layout` says (engine/search.ts searchLayoutHooks); the hooks are restored afterwards. */
export function withSearchLayout<T>(layout: Partial<typeof searchLayoutHooks>, f: () => T): T {
  const saved = { ...searchLayoutHooks };
  Object.assign(searchLayoutHooks, layout);
  try {
    return f();
  } finally {
    Object.assign(searchLayoutHooks, saved);
  }
}
