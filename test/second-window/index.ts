// In-host entry of the second window: a new page on the same server and folder, opened while the first window
// (which trained) is still held, as a reopened browser tab is. See scripts/run-integration.mjs.
import { runMochaSuite } from '../mocha-runner';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'second-window');
}
