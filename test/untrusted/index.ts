// In-host entry of the Restricted Mode suite: run by scripts/run-integration.mjs in a code-server started with
// Workspace Trust on, on a folder nobody trusted whose .vscode/settings.json tries to reconfigure the lens.
import { runMochaSuite } from '../mocha-runner';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'untrusted');
}
