// Background threads (training workers, the vectors-file reader) run at a lower OS priority, so the
// extension host's own thread keeps a core on a small machine.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export const BACKGROUND_NICE = 10;

/** Linux lets setpriority() take a thread id, so this renices only the calling thread (never upwards). */
export function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && getPriority(tid) < BACKGROUND_NICE) setPriority(tid, BACKGROUND_NICE);
  } catch {
    // elsewhere, or not allowed: run at normal priority
  }
}
