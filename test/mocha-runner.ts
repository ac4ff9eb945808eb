// Runs the mocha suites of one folder inside the extension host (VS Code calls the entry's run()). Writes a
// summary to $EMBEDDING_LENS_TEST_RESULTS (suffixed by the suite's name for other suites than the main one),
// so the outer runner can tell "never ran" from "passed".
import * as fs from 'node:fs';
import * as path from 'node:path';

// mocha 11 is CJS and kept external by the bundle, so it resolves from the repo's node_modules.
const Mocha = require('mocha');

interface Outcome { title: string; state: 'passed' | 'failed' | 'pending'; ms?: number; error?: string }

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true })
    .map(String).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(dir, f));
}

export function resultsPathFor(suite: string): string | undefined {
  const base = process.env.EMBEDDING_LENS_TEST_RESULTS;
  if (!base) return undefined;
  return suite === 'main' ? base : base.replace(/\.json$/, '') + `-${suite}.json`;
}

export async function runMochaSuite(dir: string, suite: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: Number(process.env.EMBEDDING_LENS_TEST_TIMEOUT ?? 60_000) });
  // Accept describe/it as well as suite/test: each interface keeps its own suite stack.
  Mocha.interfaces.bdd(mocha.suite);
  if (process.env.EMBEDDING_LENS_TEST_GREP) mocha.grep(process.env.EMBEDDING_LENS_TEST_GREP);
  const files = testFiles(dir);
  for (const f of files) mocha.addFile(f);

  const outcomes: Outcome[] = [];
  const resultsPath = resultsPathFor(suite);
  const write = (extra: object = {}) => {
    if (!resultsPath) return;
    const passed = outcomes.filter((o) => o.state === 'passed').length;
    const failed = outcomes.filter((o) => o.state === 'failed').length;
    fs.writeFileSync(resultsPath, JSON.stringify({ suite, passed, failed, files: files.length, tests: outcomes,
      failures: outcomes.filter((o) => o.state === 'failed'), ...extra }, null, 2));
  };

  let failures: number;
  try {
    await mocha.loadFilesAsync();
    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((n: number) => resolve(n));
      runner.on('pass', (t: any) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
      runner.on('pending', (t: any) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t: any, err: any) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
    });
  } catch (err) {
    outcomes.push({ title: `loading the ${suite} tests`, state: 'failed', error: String((err as Error)?.stack ?? err) });
    write();
    throw err;
  }
  if (files.length === 0) outcomes.push({ title: `${suite} test discovery`, state: 'failed', error: `no *.test.js under ${dir}` });
  write();
  if (failures > 0 || files.length === 0) throw new Error(`${failures} ${suite} test(s) failed`);
}
