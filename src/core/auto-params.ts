// Automatic epochs and min-count from the corpus size (pure; used when the settings say 0 = auto).
//
// Measurements that chose the formula (corrected CBOW, dim 100, window 5, negative 5):
//   1.75 M tokens: WS353 Spearman .30 with 5 epochs, .49 with 15, .53 with 40.
//   16.5 M tokens: .64 with 5 epochs; 15 epochs gave the best analogy accuracy.
// Small corpora need many passes, large ones few, so epochs fall with the square root of the size:
//
//   epochs   = clamp(round(50 * sqrt(1 M / tokens)), 5, 50)
//              (100 k -> 50, 1 M -> 50, 1.75 M -> 38, 5 M -> 22, 16.5 M -> 12, >= 100 M -> 5)
//   minCount = 1 below 100 k tokens, 2 below 300 k, 3 below 1 M, else 5 (word2vec's default).
//
// Total work (epochs x tokens) grows like sqrt(tokens), so a 4x bigger workspace trains about 2x longer.

export const MIN_AUTO_EPOCHS = 5;
export const MAX_AUTO_EPOCHS = 50;

export function autoEpochs(tokens: number): number {
  if (!Number.isFinite(tokens) || tokens <= 0) return MAX_AUTO_EPOCHS;
  const raw = Math.round(50 * Math.sqrt(1_000_000 / tokens));
  return Math.min(MAX_AUTO_EPOCHS, Math.max(MIN_AUTO_EPOCHS, raw));
}

export function autoMinCount(tokens: number): number {
  if (!Number.isFinite(tokens) || tokens < 100_000) return 1;
  if (tokens < 300_000) return 2;
  if (tokens < 1_000_000) return 3;
  return 5;
}

/** A setting of 0 (or anything not a positive integer) means "auto". */
export function resolveEpochs(setting: number, tokens: number): number {
  return Number.isInteger(setting) && setting > 0 ? setting : autoEpochs(tokens);
}

export function resolveMinCount(setting: number, tokens: number): number {
  return Number.isInteger(setting) && setting > 0 ? setting : autoMinCount(tokens);
}
