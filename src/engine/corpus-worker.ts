// The corpus worker (dist/corpus-worker.js): reads, decodes, parses and tokenizes the workspace's files into the
// shared-buffer CorpusBuilder, off the extension host's thread. Files arrive as paths (file: workspaces, read
// here) or as transferred bytes (other schemes, read by the host through vscode.workspace.fs), in order.
import { readFile, stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusProcessor } from './corpus-processor';
import type { CorpusWorkerData, FromCorpusWorker, ToCorpusWorker, WorkerFileCounts } from './corpus-messages';
import { lowerThreadPriority } from './thread-priority';

const data = workerData as CorpusWorkerData;
if (data.background) lowerThreadPriority();
const processor = new CorpusProcessor(data.options);
const files: WorkerFileCounts = { files: 0, bytes: 0, tooLarge: 0, unreadable: 0 };
let done = 0;
let doneBytes = 0;
let lastProgress = 0;

const post = (m: FromCorpusWorker, transfer?: Transferable[]) => parentPort!.postMessage(m, transfer as never);

async function file(m: Extract<ToCorpusWorker, { type: 'file' }>): Promise<void> {
  let bytes: Uint8Array;
  if ('bytes' in m) {
    bytes = m.bytes;
  } else {
    try {
      if ((await stat(m.path)).size > m.maxBytes) { files.tooLarge++; return; }
      bytes = await readFile(m.path);
    } catch {
      files.unreadable++; // vanished or unreadable since it was listed
      return;
    }
  }
  if (bytes.length > m.maxBytes) { files.tooLarge++; return; }
  const outcome = await processor.addFile(m.name, bytes);
  if (outcome.used) {
    files.files++;
    files.bytes += bytes.length;
  }
  doneBytes += bytes.length;
}

function finish(minCount: number): void {
  const r = processor.finish(minCount);
  post({
    type: 'done', words: [...r.vocab.words], counts: r.vocab.counts, ids: r.corpus.ids, tokens: r.corpus.tokens, sentences: r.corpus.sentences,
    tokensSeen: r.tokensSeen, minCount: r.minCount, learned: r.learned, files, grammarsLoaded: processor.grammarsLoaded,
    compiledGrammars: processor.compiledGrammars,
  });
}

// One message at a time, in arrival order (the corpus, and so the model, must not depend on timing).
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: ToCorpusWorker) => {
  queue = queue.then(async () => {
    if (m.type === 'file') {
      await file(m);
      done++;
      const now = Date.now();
      if (now - lastProgress >= 100) {
        lastProgress = now;
        post({ type: 'progress', done, doneBytes });
      }
    } else {
      post({ type: 'progress', done, doneBytes });
      finish(m.minCount);
    }
  }).catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
});
