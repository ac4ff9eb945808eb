/**
 * word2vec's subsampling: keep a word with probability min(1, (sqrt(c/(s*T)) + 1) * (s*T) / c).
 * sample <= 0 disables subsampling.
 */
export function keepProbabilities(counts: ArrayLike<number>, total: number, sample: number): Float32Array {
  const keep = new Float32Array(counts.length).fill(1);
  if (!(sample > 0) || !(total > 0)) return keep;
  const threshold = sample * total;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) keep[i] = Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c));
  }
  return keep;
}

/**
 * Vose's alias table for counts^power (word2vec's negative-sampling distribution).
 * Draw: i uniform in [0, V), then take i if u < prob[i] else alias[i].
 * Why not word2vec's 1e8-entry table: the alias table samples the distribution exactly (the big table
 * rounds each word to a multiple of 1e-8 and drops rare words entirely), it is V-sized (8 bytes a word, so
 * it stays in cache instead of 400 MB of random reads), and each draw is still O(1).
 */
export function aliasTable(counts: ArrayLike<number>, power = 0.75): { prob: Float32Array; alias: Int32Array } {
  const n = counts.length;
  const prob = new Float32Array(n);
  const alias = new Int32Array(n);
  if (n === 0) return { prob, alias };
  const scaled = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i];
    scaled[i] = c > 0 ? Math.pow(c, power) : 0;
    sum += scaled[i];
  }
  if (!(sum > 0)) {
    prob.fill(1);
    for (let i = 0; i < n; i++) alias[i] = i;
    return { prob, alias };
  }
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (scaled[i] * n) / sum;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // Leftovers are 1 up to rounding error.
  while (nl > 0) {
    const l = large[--nl];
    prob[l] = 1;
    alias[l] = l;
  }
  while (ns > 0) {
    const s = small[--ns];
    prob[s] = 1;
    alias[s] = s;
  }
  return { prob, alias };
}
