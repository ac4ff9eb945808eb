// Export the active model (word2vec text/binary, TensorFlow Projector TSV). Loading is load-command.ts.
import * as vscode from 'vscode';
import { writeProjectorTsv, writeWord2vecBinary, writeWord2vecText } from '../core/formats';
import { plainNotificationText } from '../core/notification-text';
import type { ModelService } from './model-service';
import { formatCount } from '../core/format';

export type ExportFormat = 'word2vec-text' | 'word2vec-binary' | 'projector';

export interface ExportArgs {
  format?: ExportFormat;
  uri?: vscode.Uri;
  /**
   * Projector export: what to do when the metadata file beside the vectors already exists. Absent: ask (a modal
   * dialog); true: replace it; false: write nothing. (The vectors file itself was confirmed by the save dialog.)
   */
  replaceMetadata?: boolean;
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

/** A file name as shown in a notification: never a link (see core/notification-text.ts). */
function shownName(uri: vscode.Uri): string {
  return plainNotificationText(basename(uri));
}

function errorText(e: unknown): string {
  return plainNotificationText(e instanceof Error ? e.message : String(e));
}

const FORMAT_ITEMS: (vscode.QuickPickItem & { format: ExportFormat; ext: string; file: string })[] = [
  { label: 'word2vec text', description: '.txt', detail: 'A header line, then one word and its values per line (also readable as fastText .vec).', format: 'word2vec-text', ext: 'txt', file: 'vectors.txt' },
  { label: 'word2vec binary', description: '.bin', detail: 'The compact word2vec.c binary format (gensim load_word2vec_format binary=True).', format: 'word2vec-binary', ext: 'bin', file: 'vectors.bin' },
  { label: 'TensorFlow Projector', description: 'vectors.tsv + metadata.tsv', detail: 'For projector.tensorflow.org: vectors and words in two TSV files.', format: 'projector', ext: 'tsv', file: 'vectors.tsv' },
];

/** embeddingLens.exportVectors. Returns the written files, or undefined when cancelled or failed. */
export async function exportVectorsCommand(models: ModelService, args?: ExportArgs): Promise<vscode.Uri[] | undefined> {
  const emb = await models.embeddings();
  const info = models.activeInfo();
  if (!emb || !info) {
    const err = models.lastLoadError();
    void vscode.window.showErrorMessage(err ? `Embedding Lens: ${plainNotificationText(err)}` : 'Embedding Lens: there is no model to export yet. Run "Embedding Lens: Train Embeddings on Workspace" or load embeddings from a file first.');
    return undefined;
  }
  const item = args?.format ? FORMAT_ITEMS.find((f) => f.format === args.format) : await vscode.window.showQuickPick(FORMAT_ITEMS, { title: 'Embedding Lens: Export Embeddings', placeHolder: 'Export format' });
  if (!item) return undefined;
  let target = args?.uri instanceof vscode.Uri ? args.uri : undefined;
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title: `Embedding Lens: Export ${item.label}`,
      saveLabel: 'Export',
      defaultUri: folder ? vscode.Uri.joinPath(folder, item.file) : undefined,
      filters: { [item.label]: [item.ext] },
    });
    if (!target) return undefined;
  }
  try {
    const written: vscode.Uri[] = [];
    if (item.format === 'projector') {
      const { vectors, metadata } = writeProjectorTsv(emb);
      const name = basename(target);
      const metaName = name === 'vectors.tsv' ? 'metadata.tsv' : name.replace(/(\.tsv)?$/i, '-metadata.tsv');
      const metaUri = vscode.Uri.joinPath(target, '..', metaName);
      if (!(await mayReplaceMetadata(metaUri, metaName, name, args?.replaceMetadata))) return undefined;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(vectors));
      await vscode.workspace.fs.writeFile(metaUri, new TextEncoder().encode(metadata));
      written.push(target, metaUri);
    } else {
      const bytes = item.format === 'word2vec-text' ? writeWord2vecText(emb) : writeWord2vecBinary(emb);
      await vscode.workspace.fs.writeFile(target, bytes);
      written.push(target);
    }
    void vscode.window.showInformationMessage(`Embedding Lens: exported ${formatCount(emb.size)} vectors to ${written.map(shownName).join(' and ')}.`);
    return written;
  } catch (e) {
    void vscode.window.showErrorMessage(`Embedding Lens: could not export to ${shownName(target)}: ${errorText(e)}`);
    return undefined;
  }
}

/** The Projector's metadata file is written beside the chosen one without a dialog of its own: ask before replacing it. */
async function mayReplaceMetadata(metaUri: vscode.Uri, metaName: string, vectorsName: string, replace: boolean | undefined): Promise<boolean> {
  const exists = await Promise.resolve(vscode.workspace.fs.stat(metaUri)).then(() => true, () => false);
  if (!exists || replace === true) return true;
  if (replace === false) {
    void vscode.window.showWarningMessage(`Embedding Lens: nothing exported: ${plainNotificationText(metaName)} already exists beside ${plainNotificationText(vectorsName)}.`);
    return false;
  }
  const pick = await vscode.window.showWarningMessage(
    `${metaName} already exists in this folder. Replace it?`,
    { modal: true, detail: `The TensorFlow Projector export writes the vectors to ${vectorsName} and the words to ${metaName}. Nothing is written if you cancel.` },
    'Replace',
  );
  return pick === 'Replace';
}
