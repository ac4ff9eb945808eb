// Models kept as references to the user's own vectors files (core/model-reference.ts): reading one again
// (in the load worker, after its fingerprint is checked, with a progress in the status bar), and what to
// offer when its file changed or vanished. The model-file path of the store is unaffected.
import * as vscode from 'vscode';
import { ModelReferenceError, type ModelReference, type ReferencedSource } from '../core/model-reference';
import { plainNotificationText } from '../core/notification-text';
import type { Embeddings } from '../core/vectors';
import type { VectorSource } from '../engine/vector-files';
import { loadVectors, probeVectors } from '../engine/vectors-loader';
import type { StoredModel } from './model-store';

/** The engine's source for a reference (file: URIs only: references are made for local files). */
export function sourceOf(ref: ReferencedSource, lines?: number): VectorSource {
  const path = vscode.Uri.parse(ref.uri).fsPath;
  switch (ref.kind) {
    case 'spark': return { kind: 'spark', path };
    case 'projector': return { kind: 'projector', path, metadataPath: vscode.Uri.parse(ref.metadataUri).fsPath, labelColumn: ref.labelColumn, header: ref.header, ...(lines ? { lines } : {}) };
    default: return { kind: 'vectors', path, format: ref.format as never, ...(lines ? { lines } : {}) };
  }
}

/** Reads a referenced model again, in the load worker; the worker first checks that the files did not change. */
export async function loadReferencedModel(entry: StoredModel & { reference: ModelReference }): Promise<Embeddings> {
  const ref = entry.reference;
  const source = sourceOf(ref.source, ref.lines);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Embedding Lens: reading ${plainNotificationText(entry.label)}` }, async (progress) => {
    const report = (p: { done: number; total: number }) => progress.report({ message: `${Math.floor((100 * p.done) / Math.max(1, p.total))} %` });
    const info = await probeVectors(source, { onProgress: report, expect: ref });
    const loaded = await loadVectors(source, { info, maxWords: ref.maxWords, expect: ref }, { onProgress: report });
    return loaded.embeddings;
  });
}

/** The error notification of a referenced model that cannot be read: says why, and offers the way out. */
export async function offerReferenceFix(entry: StoredModel, error: ModelReferenceError, remove: (id: string) => Promise<void>): Promise<void> {
  const ref = entry.reference;
  const label = plainNotificationText(entry.label);
  const again = ref && error.check.status === 'changed' ? 'Load It Again' : undefined;
  const locate = ref && error.check.status === 'vanished' ? 'Locate the File…' : undefined;
  const pick = await vscode.window.showErrorMessage(
    `Embedding Lens: the model "${label}" is not copied into the extension's storage and ${plainNotificationText(error.message)}. Other models are unaffected.`,
    ...[again, locate, 'Delete the Model'].filter((x): x is string => x !== undefined),
  );
  if (!ref) return;
  if (pick === 'Delete the Model') await remove(entry.id);
  else if (pick === again || pick === locate) {
    const s = ref.source;
    await vscode.commands.executeCommand('embeddingLens.loadVectors', {
      ...(pick === again ? { uri: vscode.Uri.parse(s.uri) } : { pick: s.kind === 'spark' ? 'spark' : 'file' }),
      ...(s.kind === 'vectors' ? { format: s.format } : {}),
      ...(s.kind === 'projector' && pick === again ? { metadataUri: vscode.Uri.parse(s.metadataUri), labelColumn: s.labelColumn, header: s.header } : {}),
      limit: ref.maxWords ?? 'all',
    });
  }
}
