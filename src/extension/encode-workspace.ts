// Reads the workspace's text files and encodes them once: the first step of both training and compare.
import * as vscode from 'vscode';
import { resolveEpochs, resolveMinCount } from '../core/auto-params';
import { CorpusBuilder, type EncodedCorpus } from '../core/corpus';
import type { Vocabulary } from '../core/vocab';
import type { Settings } from './settings';
import { CollectCancelledError, collectWorkspaceCorpus, emptyCorpusMessage, type CollectReport } from './workspace-corpus';

export const MIN_TOKENS = 1000;
export const MIN_VOCAB = 10;

export type EncodedWorkspace =
  | { outcome: 'encoded'; collect: CollectReport; vocab: Vocabulary; corpus: EncodedCorpus; minCount: number; epochs: number }
  | { outcome: 'cancelled' }
  | { outcome: 'empty'; collect: CollectReport; tokens?: number; message: string };

/** The host thread only reads and tokenizes here, yielding between files; training happens elsewhere. */
export async function encodeWorkspace(
  settings: Settings,
  progress: vscode.Progress<{ message?: string }>,
  signal: AbortSignal,
): Promise<EncodedWorkspace> {
  progress.report({ message: 'Reading files…' });
  const builder = new CorpusBuilder({ lowercase: settings.lowercase });
  const tokenSource = new vscode.CancellationTokenSource();
  const onAbort = (): void => tokenSource.cancel();
  signal.addEventListener('abort', onAbort);
  let collect: CollectReport;
  try {
    collect = await collectWorkspaceCorpus((text) => builder.addText(text), {
      token: tokenSource.token,
      onFile: (done, total) => {
        if (done % 25 === 0 || done === total) progress.report({ message: `Reading files ${done}/${total}…` });
      },
    });
  } catch (e) {
    if (e instanceof CollectCancelledError || signal.aborted) return { outcome: 'cancelled' };
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    tokenSource.dispose();
  }
  if (signal.aborted) return { outcome: 'cancelled' };
  builder.end();

  if (collect.files === 0) return { outcome: 'empty', collect, message: emptyCorpusMessage(collect, 'no-files') };
  const seen = builder.tokensSeen;
  if (seen < MIN_TOKENS) {
    return { outcome: 'empty', collect, tokens: seen, message: emptyCorpusMessage(collect, 'too-few-tokens', `${seen} words in ${collect.files} files; at least ${MIN_TOKENS} are needed`) };
  }
  const minCount = resolveMinCount(settings.minCount, seen);
  const { vocab, corpus } = builder.finish({ minCount, shared: true });
  if (vocab.size < MIN_VOCAB) {
    return { outcome: 'empty', collect, tokens: seen, message: emptyCorpusMessage(collect, 'tiny-vocab', `${vocab.size} words occur at least ${minCount} times; at least ${MIN_VOCAB} are needed`) };
  }
  return { outcome: 'encoded', collect, vocab, corpus, minCount, epochs: resolveEpochs(settings.epochs, corpus.tokens) };
}
