// Evaluation files (analogy questions, word-similarity pairs) for the Evaluate tab and Compare's Quality
// section. Files come from the settings embeddingLens.eval.analogies / embeddingLens.eval.similarity
// (absolute, or relative to the first workspace folder), or from an open-file dialog shown by the host;
// the webview only ever sees file names. Evaluation runs on the analysis worker
// (engine/analysis.ts), so the host stays responsive.
import * as vscode from 'vscode';
import type { Embeddings } from '../core/vectors';
import { plain, runAnalysis } from '../engine/analysis';
import type {
  AnalogyFileResult, AnalogyTotalsResult, EvalFiles, EvalKind, ModelEvalResult, SimilarityFileResult,
} from '../protocol';
import { SECTION } from './settings';

const MAX_FAILURES = 50;
/** The largest evaluation file read (questions-words.txt is 0.6 MB; the largest common sets are a few MB). */
export const EVAL_FILE_MAX_BYTES = 32 * 1024 * 1024;
const baseName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/**
 * Reads an evaluation file after checking that it is a regular file (not a folder, a device such as /dev/zero,
 * or a pipe) no larger than EVAL_FILE_MAX_BYTES; throws an Error saying which otherwise.
 */
export async function readEvalFile(uri: vscode.Uri): Promise<string> {
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) {
    throw new Error(`it is not a regular file${stat.type & vscode.FileType.Directory ? ' (it is a folder)' : ' (a device, a pipe or a socket)'}`);
  }
  const tooLarge = (n: number) => new Error(`it is ${n.toLocaleString('en')} bytes, more than the ${EVAL_FILE_MAX_BYTES / 1024 / 1024} MB an evaluation file may have`);
  if (stat.size > EVAL_FILE_MAX_BYTES) throw tooLarge(stat.size);
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.length > EVAL_FILE_MAX_BYTES) throw tooLarge(bytes.length); // grew since the stat
  return new TextDecoder().decode(bytes);
}

export class EvaluationFiles {
  private picked: { analogies?: vscode.Uri; similarity?: vscode.Uri[] } = {};

  /** Picked files (this session) win over the settings. */
  resolve(): { analogies: vscode.Uri | undefined; similarity: vscode.Uri[]; source: EvalFiles['source'] } {
    const c = vscode.workspace.getConfiguration(SECTION);
    const fromSetting = (v: unknown): vscode.Uri[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
      .map((p) => toUri(p.trim()));
    const settingAnalogies = fromSetting(c.get('eval.analogies'))[0];
    const settingSimilarity = fromSetting(c.get('eval.similarity'));
    const analogies = this.picked.analogies ?? settingAnalogies;
    const similarity = this.picked.similarity ?? settingSimilarity;
    const source = this.picked.analogies || this.picked.similarity ? 'picked' : analogies || similarity.length ? 'settings' : 'none';
    return { analogies, similarity, source };
  }

  describe(): EvalFiles {
    const r = this.resolve();
    return { analogies: r.analogies ? baseName(r.analogies) : null, similarity: r.similarity.map(baseName), source: r.source };
  }

  /** Shows the open dialog (host side); the choice replaces that kind's files for this session. */
  async pick(kind: EvalKind): Promise<EvalFiles> {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: kind === 'similarity',
      openLabel: kind === 'analogies' ? 'Use as analogy questions' : 'Use as word-similarity pairs',
      title: kind === 'analogies' ? 'Analogy questions (e.g. questions-words.txt)' : 'Word-similarity files (e.g. WS353, SimLex-999, MEN)',
      filters: { 'Text files': ['txt', 'tsv', 'csv'], 'All files': ['*'] },
    });
    if (uris && uris.length) {
      if (kind === 'analogies') this.picked.analogies = uris[0];
      else this.picked.similarity = uris;
    }
    return this.describe();
  }

  /** The configured files' texts (names only, never paths, go further), with a message per file that failed. */
  async texts(): Promise<{ analogies?: { name: string; text: string }; similarity: { name: string; text: string }[]; errors: string[] }> {
    const files = this.resolve();
    const errors: string[] = [];
    const read = async (uri: vscode.Uri): Promise<string | undefined> => {
      try {
        return await readEvalFile(uri);
      } catch (e) {
        errors.push(`Could not read ${baseName(uri)}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    };
    const analogyText = files.analogies ? await read(files.analogies) : undefined;
    const similarity: { name: string; text: string }[] = [];
    for (const uri of files.similarity) {
      const text = await read(uri);
      if (text !== undefined) similarity.push({ name: baseName(uri), text });
    }
    return { ...(analogyText !== undefined && files.analogies ? { analogies: { name: baseName(files.analogies), text: analogyText } } : {}), similarity, errors };
  }

  /** Runs every configured file against each model. */
  async evaluate(models: { label: string; kind: string; emb: Embeddings }[]): Promise<ModelEvalResult[]> {
    const files = this.resolve();
    if (!files.analogies && files.similarity.length === 0) {
      throw new Error('No evaluation files: set "embeddingLens.eval.analogies" / "embeddingLens.eval.similarity", or pick a file.');
    }
    const { analogies, similarity: simTexts, errors } = await this.texts();
    const analogyText = analogies?.text;
    const out: ModelEvalResult[] = [];
    for (const m of models) {
      const result: ModelEvalResult = { label: m.label, kind: m.kind, analogies: null, similarity: [], errors: [...errors] };
      // On a worker thread: questions-words against a large vocabulary takes seconds.
      const r = await runAnalysis({ kind: 'evaluate', model: plain(m.emb), analogies: analogyText, similarity: simTexts, keepFailures: MAX_FAILURES });
      if (r.analogies && analogies) {
        const tot = (t: { correct: number; answered: number; skipped: number; accuracy: number }): AnalogyTotalsResult => ({
          ...t, coverage: t.answered + t.skipped ? t.answered / (t.answered + t.skipped) : 0,
        });
        const res: AnalogyFileResult = {
          file: analogies.name,
          sections: r.analogies.sections.map((s) => ({
            name: s.name, correct: s.correct, answered: s.answered, skipped: s.skipped,
            accuracy: s.answered ? s.correct / s.answered : 0,
            coverage: s.answered + s.skipped ? s.answered / (s.answered + s.skipped) : 0,
            failures: (s.failures ?? []).map((f) => ({ question: f.question, answer: f.answer ?? null })),
          })),
          semantic: tot(r.analogies.semantic), syntactic: tot(r.analogies.syntactic), all: tot(r.analogies.all), seconds: r.analogySeconds,
        };
        result.analogies = res;
      }
      for (const s of r.similarity) {
        const sim: SimilarityFileResult = {
          file: s.name, spearman: Number.isFinite(s.report.spearman) ? s.report.spearman : null, pairs: s.report.pairs, found: s.report.found,
          coverage: s.report.coverage, seconds: s.seconds,
        };
        result.similarity.push(sim);
      }
      out.push(result);
    }
    return out;
  }
}

function toUri(p: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(p)) return vscode.Uri.parse(p);
  const isAbsolute = p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
  if (isAbsolute) return vscode.Uri.file(p);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, p) : vscode.Uri.file(p);
}
