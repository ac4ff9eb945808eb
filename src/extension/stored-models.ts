// A saved model's Embeddings, read off the extension host's thread: the load worker reads the model file (by
// path for a local store; from the bytes VS Code read for any other file system, handed over without a copy),
// checks it as readModelFile does, builds the seeds' ensemble and the word index in shared memory and prepares
// the search, so the host only wraps what it gets (engine/vectors-loader.ts loadModelFile).
import * as vscode from 'vscode';
import { ModelFileError } from '../core/formats/model-file';
import type { Embeddings } from '../core/vectors';
import { LoadCancelledError } from '../engine/load-cancelled';
import { loadModelFile } from '../engine/vectors-loader';
import { message, ModelStoreError, type ModelStore } from './model-store';

/**
 * The model `id` of the store, as modelEmbeddings(store.load(id)) would give it. If another window replaced the
 * model meanwhile (its file is gone), follows the new entry once, as ModelStore.readBytes does.
 */
export async function loadStoredEmbeddings(store: ModelStore, id: string): Promise<Embeddings> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    const uri = await store.fileUri(id); // ModelStoreError when there is no such model or it is a reference
    try {
      // a wrapped file system (tests inject faults through one) is read through, as the store reads it
      const local = uri.scheme === 'file' && store.fileSystem === vscode.workspace.fs;
      const source = local ? { kind: 'path' as const, path: uri.fsPath } : { kind: 'bytes' as const, bytes: await store.fileSystem.readFile(uri) };
      return (await loadModelFile(source)).embeddings;
    } catch (e) {
      if (e instanceof ModelFileError || e instanceof LoadCancelledError) throw e;
      lastError = e;
    }
  }
  throw new ModelStoreError(`Could not read the model file of "${id}": ${message(lastError)}`);
}
