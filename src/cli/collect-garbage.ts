import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs a full garbage collection. After encoding, V8 still holds the tokenizer's word maps
 * (about 60 MB for 16 M tokens) and training allocates too little JS to trigger the major GC
 * that would free them, so without this they count against the memory budget all run long.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc(); // the second pass is the one that hands the emptied heap pages back to the system

}
