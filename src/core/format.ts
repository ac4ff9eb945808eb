// Numbers and durations as every surface (notifications, CLI, webviews) shows them.

/** 950, 12k, 1.3M, 16M */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

/** 0.42 s, 12.3 s, 4m 05s, 2h 03m; '…' while unknown (an ETA before the first report). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** 512 B, 12 KB, 115.3 MB, 3.39 GB (binary units, as file managers show sizes) */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * x with `digits` decimals, or up to 3 more where `digits` would print a non-zero value as 0: an interval bound
 * that excludes zero must never read as touching it ("+1.0 [+0.0, +1.9]" beside the word "better").
 */
export function formatFixed(x: number, digits: number): string {
  let d = digits;
  while (d < digits + 3 && x !== 0 && Number(x.toFixed(d)) === 0) d++;
  const s = x.toFixed(d);
  return Number(s) === 0 ? (0).toFixed(digits) : s; // no "-0.0"
}
