// How the Compare tab writes a figure with its 95 % interval, and accuracies in percentage points.
import type { Interval } from '../../../../src/protocol';
import { formatFixed } from '../../../../src/core/format';

export const iv = (i: Interval | null | undefined, f: (x: number) => string = (x) => formatFixed(x, 2)) =>
  (i ? `${f(i.mean)} [${Number.isFinite(i.ci95[0]) ? f(i.ci95[0]) : '–'}, ${Number.isFinite(i.ci95[1]) ? f(i.ci95[1]) : '–'}]` : '–');
export const points = (x: number) => formatFixed(x * 100, 1);
export const signedPoints = (x: number) => `${x > 0 && Number(points(x)) !== 0 ? '+' : ''}${points(x)}`;
