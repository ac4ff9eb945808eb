// In-host entry (extensionTestsPath) of the main integration suite.
import { runMochaSuite } from '../mocha-runner';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'main');
}
