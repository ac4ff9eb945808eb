// In-host entry of the code session: a window on the code workspace (requests + vscode-extension-samples).
import { runMochaSuite } from '../mocha-runner';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'code');
}
