// Faults in the engine and on disk: a worker killed mid-training, cancellation at points defined by training
// progress (no worker or memory leak; never after a wall-clock delay, so the outcome is known on any machine), corrupted model files, and a read-only or full output folder for the CLI.
// The same faults through the extension (its store, its train command) run in the real VS Code:
// test/integration/robustness.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Worker } from 'node:worker_threads';
import { CorpusBuilder } from '../../src/core/corpus';
import { readVectors } from '../../src/core/formats';
import { readModelFile, writeModelFile, ModelFileError, type ModelFileContents, singleInput } from '../../src/core/formats/model-file';
import { train, TrainingCancelledError } from '../../src/engine/train';
import { repoRoot } from '../data-path';
import { mb, Rng, runCli, tempFolder } from '../factories/robustness';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function corpus(tokens = 300_000) {
  const r = new Rng(7);
  const b = new CorpusBuilder();
  const words = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}`);
  let line: string[] = [];
  for (let i = 0; i < tokens; i++) {
    line.push(words[Math.min(words.length - 1, Math.floor(r.float() ** 2 * words.length))]!);
    if (line.length === 20) { b.push(line.join(' ') + '\n'); line = []; }
  }
  b.end();
  return b.finish({ minCount: 1, shared: true });
}

function workerResources(): number {
  return process.getActiveResourcesInfo().filter((r) => /Worker|MessagePort/.test(r)).length;
}

/** Worker handles are released asynchronously after exit: poll until the count is back (a hang guard, not a speed bound). */
async function settleWorkers(expected: number): Promise<void> {
  for (let i = 0; i < 600 && workerResources() !== expected; i++) await new Promise((r) => setTimeout(r, 100));
}

test('a worker killed mid-training: clear error, the others stop, the next run succeeds', async () => {
  const { vocab, corpus: c } = corpus();
  const resourcesBefore = workerResources();
  let workers: readonly Worker[] = [];
  const exited = new Set<number>();
  let killed = false;
  let lastFraction = 0;
  const run = train(c, vocab, { model: 'cbow-corrected', dim: 32, epochs: 200, threads: 2, seed: 3 }, {
    onWorkers: (w) => {
      workers = w;
      w.forEach((worker, i) => worker.once('exit', () => exited.add(i)));
    },
    onProgress: (p) => {
      lastFraction = p.fraction;
      if (!killed && p.fraction > 0) {
        killed = true;
        void workers[0]!.terminate();
      }
    },
  });
  await assert.rejects(run, (e: Error) => {
    assert.ok(!(e instanceof TrainingCancelledError));
    assert.match(e.message, /training worker 1 of 2 stopped unexpectedly \(exit code \d+\)/);
    return true;
  });
  assert.ok(killed, 'the fault was injected');
  assert.equal(workers.length, 2);
  assert.deepEqual([...exited].sort(), [0, 1], 'every worker has exited when train() rejects');
  assert.ok(lastFraction < 1, 'the failure is reported when it happens, not after the 200 epochs');
  await settleWorkers(resourcesBefore);
  assert.equal(workerResources(), resourcesBefore, 'no worker handles left');

  const ok = await train(c, vocab, { model: 'cbow-corrected', dim: 16, epochs: 1, threads: 2, seed: 3 });
  assert.equal(ok.embeddings.size, vocab.size);
  for (const v of ok.embeddings.data) assert.ok(Number.isFinite(v));
});

test('every worker killed at once, and a worker killed before it starts: still a clear error', async () => {
  const { vocab, corpus: c } = corpus(100_000);
  for (const when of ['immediately', 'all'] as const) {
    let workers: readonly Worker[] = [];
    const run = train(c, vocab, { model: 'sg', dim: 16, epochs: 100, threads: 2, seed: 1 }, {
      onWorkers: (w) => {
        workers = w;
        if (when === 'immediately') void w[1]!.terminate();
      },
      onProgress: () => { if (when === 'all') for (const w of workers) void w.terminate(); },
    });
    await assert.rejects(run, /training worker \d of 2 stopped unexpectedly/);
  }
});

test('cancellation at 24 points defined by progress: no worker leak, RSS reported, cancelled or complete each time', async () => {
  const { vocab, corpus: c } = corpus(200_000);
  const r = new Rng(42);
  const resourcesBefore = workerResources();
  gc();
  const rssBefore = process.memoryUsage().rss;
  let live = 0;
  let maxLive = 0;
  const outcomes: Record<string, number> = {};
  // before: aborted before train() is called; workers: as the workers start; progress: at the k-th report
  // (while training still runs). Each must reject with TrainingCancelledError on any machine. A run whose
  // k-th report never came (it finished first) must be complete.
  const points = ['before', 'workers', 'progress'] as const;
  const RUNS = 24;
  for (let i = 0; i < RUNS; i++) {
    const point = points[i % points.length]!;
    let reportsLeft = 1 + r.int(3);
    const abort = new AbortController();
    if (point === 'before') abort.abort();
    let fired = point === 'before';
    try {
      const res = await train(c, vocab, { model: r.pick(['sg', 'cbow-corrected', 'cbow-word2vec'] as const), dim: 24, epochs: 20, threads: 2, seed: i + 1 }, {
        signal: abort.signal,
        onWorkers: (ws) => {
          for (const w of ws) {
            live++;
            maxLive = Math.max(maxLive, live);
            w.once('exit', () => live--);
          }
          if (point === 'workers') { fired = true; abort.abort(); }
        },
        onProgress: (p) => {
          // the report with fraction 1 comes after the last word: nothing is left to cancel
          if (point === 'progress' && p.fraction < 1 && --reportsLeft === 0) { fired = true; abort.abort(); }
        },
      });
      assert.ok(!fired, `run ${i}: cancelled at ${point} but train() resolved`);
      assert.equal(res.embeddings.size, vocab.size, 'a run that was not cancelled is complete');
      outcomes[`${point}:completed`] = (outcomes[`${point}:completed`] ?? 0) + 1;
    } catch (e) {
      assert.ok(e instanceof TrainingCancelledError, `run ${i}: ${(e as Error).stack}`);
      assert.ok(fired, `run ${i}: cancelled although no cancel was issued`);
      outcomes[`${point}:cancelled`] = (outcomes[`${point}:cancelled`] ?? 0) + 1;
    }
    assert.equal(live, 0, `run ${i}: ${live} workers still alive after train() settled`);
  }
  await settleWorkers(resourcesBefore);
  gc();
  const rssAfter = process.memoryUsage().rss;
  console.log(`# cancellation: ${RUNS} runs ${JSON.stringify(outcomes)}, max ${maxLive} live workers, ` +
    `RSS before ${mb(rssBefore)}, after ${mb(rssAfter)}; active worker handles ${workerResources()} (before ${resourcesBefore})`);
  assert.equal((outcomes['before:cancelled'] ?? 0) + (outcomes['workers:cancelled'] ?? 0), 16, 'every cancel before or at the start of training cancels');
  assert.equal(workerResources(), resourcesBefore, 'no worker handles left');
  assert.ok(rssAfter - rssBefore < 256 << 20, `RSS grew by ${mb(rssAfter - rssBefore)}`);
});

function modelContents(): ModelFileContents {
  const words = Array.from({ length: 50 }, (_, i) => `wörd${i}`);
  const data = new Float32Array(50 * 8).map((_, i) => Math.cos(i));
  return {
    header: { kind: 'cbow-corrected', label: 'test', vocabSize: 50, dim: 8, tokens: 1000, files: 3, trainedAt: '2024-01-01T00:00:00Z', source: 'x', hyperparameters: { epochs: 5 } },
    words, matrices: singleInput(data),
  };
}

test('a corrupted model file (every byte flipped, every truncation) is caught with a clear ModelFileError', () => {
  const good = writeModelFile(modelContents());
  let faults = 0;
  for (let i = 0; i < good.length; i++) {
    for (const mask of [0x01, 0x80, 0xff]) {
      const bad = good.slice();
      bad[i] ^= mask;
      assert.throws(() => readModelFile(bad), (e: Error) => {
        assert.ok(e instanceof ModelFileError, `byte ${i}: ${e.stack}`);
        assert.match(e.message, /model file is corrupted|not an Embedding Lens model file|newer than this extension supports/);
        return true;
      }, `flipping byte ${i} with ${mask} went unnoticed`);
      faults++;
    }
  }
  for (let cut = 0; cut < good.length; cut++) {
    assert.throws(() => readModelFile(good.subarray(0, cut)), ModelFileError);
    faults++;
  }
  assert.throws(() => readModelFile(new Uint8Array([...good, 0])), /unexpected 1 trailing bytes/);
  console.log(`# model file: ${faults + 1} corruptions injected, all caught`);
});

// A folder the CLI cannot write to. As root, chmod 0555 does not stop writes, so: a read-only bind mount
// (mount --bind + remount,ro) when this process may mount, and always a path whose parent is a file (ENOTDIR).
function readOnlyFolder(base: string): { dir: string; how: string; cleanup: () => void } | undefined {
  const src = path.join(base, 'ro-src');
  const dir = path.join(base, 'ro');
  mkdirSync(src, { recursive: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(src, 'old.txt'), 'old model\n');
  try {
    execFileSync('mount', ['--bind', src, dir], { stdio: 'ignore' });
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', dir], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      return undefined;
    }
    return { dir, how: 'read-only bind mount', cleanup: () => execFileSync('umount', [dir], { stdio: 'ignore' }) };
  } catch {
    return undefined;
  }
}

function fullFolder(base: string): { dir: string; cleanup: () => void } | undefined {
  const dir = path.join(base, 'full');
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  writeFileSync(path.join(dir, 'old.txt'), 'old model\n');
  return { dir, cleanup: () => execFileSync('umount', [dir], { stdio: 'ignore' }) };
}

test('CLI: read-only, full or impossible output folder: clear error, exit 2, the old file kept, no temp left', async (t) => {
  const base = tempFolder('el-robust-ro-');
  const corpusDir = path.join(base, 'corpus');
  mkdirSync(corpusDir);
  const words = Array.from({ length: 300 }, (_, i) => `w${i}`);
  writeFileSync(path.join(corpusDir, 'a.txt'), Array.from({ length: 2000 }, (_, i) => words.slice(i % 280, (i % 280) + 20).join(' ')).join('\n'));
  const args = ['--epochs', '1', '--dim', '50', '--threads', '1', '--min-count', '1', '--quiet'];
  const targets: { out: string; how: string; old?: string; cleanup?: () => void }[] = [];
  writeFileSync(path.join(base, 'a-file'), 'not a folder');
  targets.push({ out: path.join(base, 'a-file', 'vectors.txt'), how: 'parent is a file (ENOTDIR)' });
  const ro = readOnlyFolder(base);
  if (ro) targets.push({ out: path.join(ro.dir, 'old.txt'), how: ro.how, old: 'old model\n', cleanup: ro.cleanup });
  else t.diagnostic('mount not permitted here: read-only bind mount case not run');
  const full = fullFolder(base);
  if (full) targets.push({ out: path.join(full.dir, 'old.txt'), how: '64 KB tmpfs (ENOSPC)', old: 'old model\n', cleanup: full.cleanup });
  else t.diagnostic('mount not permitted here: full tmpfs case not run');
  try {
    for (const target of targets) {
      const r = await runCli(['train', corpusDir, '--out', target.out, ...args]);
      assert.equal(r.code, 2, `${target.how}: exit ${r.code}\n${r.stderr}`);
      assert.match(r.stderr, /cannot write .*: .*(EROFS|ENOSPC|ENOTDIR).*; nothing was written/, target.how);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      if (target.old !== undefined) {
        assert.equal(readFileSync(target.out, 'utf8'), target.old, `${target.how}: old file changed`);
        assert.deepEqual(readdirSync(path.dirname(target.out)).filter((f) => f.includes('.tmp')), [], 'no temp file left');
      }
      console.log(`# CLI save into ${target.how}: refused cleanly`);
    }
  } finally {
    for (const target of targets) target.cleanup?.();
  }
});

test('CLI: Ctrl-C while reading or while training leaves either no output or a complete vectors file', async () => {
  const base = tempFolder('el-robust-sigint-');
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const lines = Array.from({ length: 6000 }, (_, i) => words.slice(i % 380, (i % 380) + 20).join(' '));
  const text = lines.join('\n');
  const distinct = new Set(text.split(/\s+/)).size;
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < 6; i++) {
    // reading: the corpus is a named pipe that the test holds open, so Ctrl-C lands while the CLI still waits
    // for text (known on any machine); training: Ctrl-C at its first progress line below 100 %.
    const phase = i % 2 === 0 ? 'reading' : 'training';
    const input = path.join(base, `corpus-${i}.txt`);
    if (phase === 'reading') execFileSync('mkfifo', [input]);
    else writeFileSync(input, text);
    const out = path.join(base, `v${i}.txt`);
    const child = spawn(process.execPath, [cli, 'train', input, '--out', out, '--epochs', '60', '--dim', '32', '--threads', '2', '--min-count', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let interruptedAt: string | undefined;
    let pipe: ReturnType<typeof createWriteStream> | undefined;
    const interrupt = (why: string) => { if (!interruptedAt) { interruptedAt = why; child.kill('SIGINT'); } };
    child.stderr.on('data', (b) => {
      stderr += b;
      if (phase === 'training' && /^\s*\d+(\.\d)?%\s+epoch/m.test(stderr) && !/^\s*100\.0%/m.test(stderr)) interrupt('first progress line');
      // the CLI has seen the signal: only now does the pipe deliver the rest and end
      if (pipe && /cancelling/.test(stderr)) { pipe.end(text.slice(text.length >> 1)); pipe = undefined; }
    });
    if (phase === 'reading') {
      const p = createWriteStream(input);
      pipe = p;
      // 'open' fires once the CLI has opened the pipe for reading, i.e. after it installed its Ctrl-C handler
      p.once('open', () => p.write(text.slice(0, text.length >> 1), () => interrupt('while reading')));
    }
    const code = await new Promise<number | null>((res) => child.on('close', res));
    const key = `${phase}:${code}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (phase === 'reading') assert.equal(code, 130, `reading: exit ${code}: ${stderr}`);
    if (!interruptedAt) assert.equal(code, 0, `never interrupted, yet exit ${code}: ${stderr}`);
    if (code === 130) {
      assert.match(stderr, /training cancelled; nothing was written/);
      assert.ok(!existsSync(out), 'no output after a cancel');
    } else {
      // the run ended before the signal arrived: its file must be whole
      assert.equal(code, 0, `exit ${code}: ${stderr}`);
      assert.equal(readVectors(readFileSync(out)).size, distinct, 'a written file is complete');
    }
    assert.deepEqual(readdirSync(base).filter((f) => f.includes('.tmp-')), [], 'no temp file left');
  }
  console.log(`# CLI SIGINT: 6 runs, outcomes by phase and exit code ${JSON.stringify(outcomes)}`);
});
