// kōan (Bloomberg's C++ word2vec with the corrected CBOW update) as the benchmark's native peer.
// Nothing of kōan ships here: the benchmark runs a binary built by hand from its public source when one
// is named by KOAN_BIN or found on PATH, and is silent about kōan otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DEFAULT_ALPHA, type ModelKind } from '../src/core/model-kinds';

export interface KoanSettings { dim: number; window: number; negative: number; minCount: number; sample: number; epochs: number; threads: number }

export interface KoanRun {
  /** From its first "Epoch" line to its "Took" line: training alone, like our CLI's trainSeconds. */
  trainSeconds: number;
  /** The whole process: vocabulary pass, training and writing the vectors. */
  wallSeconds: number;
  /** Seconds of each epoch (its "Epoch n" line to its "retained" line); the first also reads the corpus file. */
  epochSeconds: number[];
  maxRssMB: number;
  tokensPerSecond: number;
}

export function findKoan(): string | undefined {
  const named = process.env.KOAN_BIN;
  if (named) {
    if (!existsSync(named)) throw new Error(`KOAN_BIN=${named}: no such file`);
    return named;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'koan');
    if (dir && existsSync(p) && spawnSync(p, ['--help'], { stdio: 'ignore' }).status === 0) return p;
  }
  return undefined;
}

/**
 * kōan's flags for one of our rules with our settings. kōan reads pre-tokenised text, one sentence a
 * line, words split on single spaces, so it gets the very token file gensim reads. Its learning rate
 * floor is absolute (-m), ours a fraction of α (1e-4), so -m is α × 1e-4. kōan's skip-gram draws
 * negatives per pair and its centre word predicts the context (word2vec.c's is the reverse).
 */
export function koanArgs(model: ModelKind, s: KoanSettings, corpus: string, out: string): string[] {
  const alpha = DEFAULT_ALPHA[model];
  return [
    '--files', corpus, '--dim', `${s.dim}`, '--context-size', `${s.window}`, '--negatives', `${s.negative}`,
    '--min-count', `${s.minCount}`, '--downsample-threshold', `${s.sample}`, '--epochs', `${s.epochs}`,
    '--threads', `${s.threads}`, '--learning-rate', `${alpha}`, '--min-learning-rate', `${alpha * 1e-4}`,
    '--cbow', model === 'sg' ? 'false' : 'true', '--use-bad-update', model === 'cbow-word2vec' ? 'true' : 'false',
    '--embedding-path', out, '--no-progress',
  ];
}

// VmHWM is the process's resident high-water mark, so the last sample before exit is its peak
// (short of the final moments, which only write the vectors out).
function highWaterMB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function runKoan(bin: string, args: string[], cwd: string): Promise<KoanRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    const poll = setInterval(() => { peak = Math.max(peak, highWaterMB(child.pid!) ?? 0); }, 100);
    let firstEpoch: number | undefined;
    let epochStart = 0;
    const epochSeconds: number[] = [];
    let took: number | undefined;
    let speed = Number.NaN;
    let buffered = '';
    let stderr = '';
    // kōan flushes each status line (std::endl), so a line's arrival time is when kōan wrote it.
    child.stdout.on('data', (chunk: Buffer) => {
      const now = performance.now();
      peak = Math.max(peak, highWaterMB(child.pid!) ?? 0);
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (/^Epoch \d+/.test(line)) {
          firstEpoch ??= now;
          epochStart = now;
        }
        if (/% of tokens were retained/.test(line)) epochSeconds.push((now - epochStart) / 1000);
        if (took === undefined && /^Took \d+s/.test(line)) took = now;
        const m = /^Overall speed was ([\d.e+]+) toks\/s/.exec(line);
        if (m) speed = Number(m[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', (e) => { clearInterval(poll); reject(e); });
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0 || firstEpoch === undefined || took === undefined) {
        return reject(new Error(`kōan failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      }
      resolve({ trainSeconds: (took - firstEpoch) / 1000, wallSeconds: (performance.now() - started) / 1000, epochSeconds, maxRssMB: peak, tokensPerSecond: speed });
    });
  });
}
