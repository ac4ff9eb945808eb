// The host's side of the corpus worker: it only hands over file paths (or, for non-file workspaces, bytes it
// read), and gets back the vocabulary and the encoded corpus on its SharedArrayBuffer. No vscode import.
import { Worker } from 'node:worker_threads';
import { builtFile } from './built-files';
import { Vocabulary } from '../core/vocab';
import type { EncodedCorpus } from '../core/corpus';
import type { LearnedFrom } from '../core/code/source-report';
import type { CorpusWorkerData, FromCorpusWorker, ToCorpusWorker, WorkerFileCounts } from './corpus-messages';
import type { ProcessorOptions } from './corpus-processor';
import { RUNTIME_MODULE } from './code/grammars';

export function corpusWorkerFile(): string {
  const f = builtFile('corpus-worker.js');
  if (f !== undefined) return f;
  throw new Error(`the corpus worker is not built (no corpus-worker.js near ${__dirname}); run "npm run build"`);
}

/**
 * The grammars the corpus workers of this process compiled, one per grammar, and web-tree-sitter's own module,
 * kept for the process's life. Every training run parses in a new worker, and most of its extraction CPU is V8
 * compiling and tiering up the grammars' lexers and the runtime (README, *Code workspaces*); while a thread holds
 * the modules, V8 gives the next worker that compiles the same bytes that code, already tiered up. The cost is
 * their bytes and code here: a few MB per grammar in use.
 */
const keptGrammars = new Map<string, WebAssembly.Module>();

/** Benchmark hook: with enabled false nothing is kept, with runtime false only the grammars (bench/corpus-reruns.ts). */
export const grammarKeeping = { enabled: true, runtime: true };

/** The grammars kept so far (for tests). */
export function keptGrammarNames(): string[] {
  return [...keptGrammars.keys()];
}

export class CorpusCancelledError extends Error {
  constructor() {
    super('cancelled while reading files');
    this.name = 'CorpusCancelledError';
  }
}

export interface CorpusResult {
  vocab: Vocabulary;
  corpus: EncodedCorpus;
  tokensSeen: number;
  minCount: number;
  learned: LearnedFrom;
  files: WorkerFileCounts;
  grammarsLoaded: string[];
}

/** Bytes read by the host and not yet processed by the worker, before the host waits. */
const MAX_IN_FLIGHT_BYTES = 64 << 20;

export class CorpusWorkerClient {
  private readonly worker: Worker;
  private done = 0;
  private doneBytes = 0;
  private sentBytes = 0;
  private failure: Error | undefined;
  private result: ((r: CorpusResult) => void) | undefined;
  private reject: ((e: Error) => void) | undefined;
  private waiters: (() => void)[] = [];
  private exited = false;
  private delivered = false;

  constructor(options: ProcessorOptions, private readonly hooks: { onProgress?: (done: number) => void; signal?: AbortSignal; background?: boolean } = {}) {
    this.worker = new Worker(corpusWorkerFile(), { workerData: { options, background: hooks.background ?? false } satisfies CorpusWorkerData });
    this.worker.on('message', (m: FromCorpusWorker) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(new Error(`the corpus worker failed: ${e.message}`)));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.delivered) this.fail(this.hooks.signal?.aborted ? new CorpusCancelledError() : new Error(`the corpus worker stopped unexpectedly (exit code ${code})`));
    });
    hooks.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = (): void => {
    this.fail(new CorpusCancelledError());
    void this.worker.terminate();
  };

  private onMessage(m: FromCorpusWorker): void {
    if (m.type === 'progress') {
      this.done = m.done;
      this.doneBytes = m.doneBytes;
      this.hooks.onProgress?.(m.done);
      this.wake();
    } else if (m.type === 'error') {
      this.fail(new Error(m.message));
    } else {
      for (const [grammar, module] of m.compiledGrammars) {
        if (grammarKeeping.enabled && (grammarKeeping.runtime || grammar !== RUNTIME_MODULE)) keptGrammars.set(grammar, module);
      }
      const resolve = this.result;
      this.delivered = true;
      this.result = undefined;
      this.reject = undefined;
      resolve?.({
        vocab: new Vocabulary(m.words, m.counts),
        corpus: { ids: m.ids, tokens: m.tokens, sentences: m.sentences },
        tokensSeen: m.tokensSeen, minCount: m.minCount, learned: m.learned, files: m.files, grammarsLoaded: m.grammarsLoaded,
      });
      this.close();
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.reject?.(e);
    this.result = undefined;
    this.reject = undefined;
    this.wake();
    this.close();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private close(): void {
    this.hooks.signal?.removeEventListener('abort', this.onAbort);
    if (!this.exited) void this.worker.terminate();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** A file the worker reads itself (file: workspaces). */
  addPath(name: string, path: string, maxBytes: number): void {
    this.check();
    this.send({ type: 'file', name, path, maxBytes });
  }

  /** A file the host read (other schemes); waits while too many bytes are in flight. */
  async addBytes(name: string, bytes: Uint8Array, maxBytes: number): Promise<void> {
    this.check();
    while (this.sentBytes - this.doneBytes > MAX_IN_FLIGHT_BYTES && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    this.check();
    this.sentBytes += bytes.length;
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
    this.send({ type: 'file', name, bytes: own, maxBytes }, [own.buffer as ArrayBuffer]);
  }

  /** Ends the input: the worker builds the vocabulary (min-count setting, 0 = automatic) and the encoded corpus. */
  finish(minCount: number): Promise<CorpusResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<CorpusResult>((resolve, reject) => {
      this.result = resolve;
      this.reject = reject;
      this.send({ type: 'finish', minCount });
    });
  }

  get filesDone(): number {
    return this.done;
  }

  terminate(): void {
    this.close();
  }

  private send(m: ToCorpusWorker, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(m, transfer);
  }
}
