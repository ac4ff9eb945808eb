// In-host entry of the Restricted Mode suite: run by scripts/run-integration.mjs in a second code-server started
// with Workspace Trust on, on a folder nobody trusted whose .vscode/settings.json tries to reconfigure the lens.
import { runMochaIn } from '../integration/index';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
