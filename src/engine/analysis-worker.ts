// A worker thread for the host's heavy analysis (evaluation files, whole-model comparison), so the extension
// host's thread never computes for seconds. Built to dist/analysis-worker.js; see analysis.ts.
import { parentPort } from 'node:worker_threads';
import { runAnalysisTask, type AnalysisTask } from './analysis-tasks';
import { installSearchAccelerator } from './search';

// The worker's own module instance of core needs the WASM search too (the host's install is per thread).
installSearchAccelerator();

parentPort?.on('message', (task: AnalysisTask & { hold?: Int32Array }) => {
  if (task.hold) {
    Atomics.add(task.hold, 1, 1);
    Atomics.notify(task.hold, 1);
    while (Atomics.load(task.hold, 0) === 0) Atomics.wait(task.hold, 0, 0);
  }
  void runAnalysisTask(task).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
