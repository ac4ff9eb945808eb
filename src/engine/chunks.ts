// Work units for the workers: runs of the encoded corpus, cut at sentence ends where one is
// near. Many small kernel calls rather than one per epoch, because V8 only switches a wasm
// function from its baseline code to optimised code between calls.
export interface Chunks {
  /** starts[i]..starts[i+1] is chunk i (length count + 1). */
  starts: Int32Array;
  /** Vocabulary tokens (not sentence ends) in chunk i. */
  words: Int32Array;
  count: number;
  maxLength: number;
}

export function splitChunks(ids: Int32Array, target: number): Chunks {
  const starts: number[] = [0];
  const words: number[] = [];
  let start = 0;
  while (start < ids.length) {
    let end = Math.min(ids.length, start + target);
    if (end < ids.length) {
      // Prefer to end just after a sentence end in the last half; a longer sentence is cut.
      for (let i = end - 1; i >= start + (target >> 1); i--) {
        if (ids[i] < 0) {
          end = i + 1;
          break;
        }
      }
    }
    let n = 0;
    for (let i = start; i < end; i++) if (ids[i] >= 0) n++;
    words.push(n);
    starts.push(end);
    start = end;
  }
  let maxLength = 0;
  for (let i = 1; i < starts.length; i++) maxLength = Math.max(maxLength, starts[i] - starts[i - 1]);
  return { starts: Int32Array.from(starts), words: Int32Array.from(words), count: words.length, maxLength };
}
