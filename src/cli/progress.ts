import { formatDuration } from '../core/format';
import type { TrainProgress } from '../engine/train';

export function formatProgress(p: TrainProgress): string {
  const loss = Number.isFinite(p.loss) ? p.loss.toFixed(4) : '-';
  return `${(p.fraction * 100).toFixed(1).padStart(5)}%  epoch ${p.epoch}  ${Math.round(p.wordsPerSecond / 1000)}k words/s  ` +
    `alpha ${p.alpha.toFixed(5)}  loss ${loss}  eta ${formatDuration(p.etaSeconds)}`;
}

/** Progress on stderr: one rewritten line on a terminal, a line per 5 % otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream): (p: TrainProgress) => void {
  let lastStep = -1;
  return (p) => {
    if (stream.isTTY) {
      stream.write(`\r${formatProgress(p)}\x1b[K`);
      if (p.fraction >= 1) stream.write('\n');
      return;
    }
    const step = Math.floor(p.fraction * 20);
    if (step > lastStep) {
      lastStep = step;
      stream.write(`${formatProgress(p)}\n`);
    }
  };
}
