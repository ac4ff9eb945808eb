// The analysis tasks a worker (or, as a fallback, the calling thread) runs: pure functions over plain data.
import { alignSpaces, compareModels, type Alignment, type ModelComparison } from '../core/compare';
import { evaluateAnalogies, evaluateSimilarity, type AnalogyReport, type SimilarityReport } from '../core/evaluate';
import { Embeddings } from '../core/vectors';

export interface PlainEmbeddings { words: string[]; dim: number; data: Float32Array }

export type AnalysisTask =
  | { kind: 'evaluate'; model: PlainEmbeddings; analogies?: string; similarity: { name: string; text: string }[]; keepFailures: number }
  | { kind: 'compare'; a: PlainEmbeddings; b: PlainEmbeddings; top: number; k: number; listSize: number };

export interface EvaluateOutput { analogies: AnalogyReport | null; analogySeconds: number; similarity: { name: string; report: SimilarityReport; seconds: number }[] }
export interface CompareOutput { alignment: Alignment; comparison: ModelComparison }
export type AnalysisOutput<T extends AnalysisTask> = T extends { kind: 'evaluate' } ? EvaluateOutput : CompareOutput;

const toEmb = (p: PlainEmbeddings) => new Embeddings(p.words, p.dim, p.data);

export async function runAnalysisTask(task: AnalysisTask): Promise<EvaluateOutput | CompareOutput> {
  if (task.kind === 'evaluate') {
    const emb = toEmb(task.model);
    const t0 = performance.now();
    const analogies = task.analogies !== undefined ? evaluateAnalogies(emb, task.analogies, { keepFailures: task.keepFailures }) : null;
    const analogySeconds = (performance.now() - t0) / 1000;
    const similarity = task.similarity.map(({ name, text }) => {
      const t = performance.now();
      const report = evaluateSimilarity(emb, text);
      return { name, report, seconds: (performance.now() - t) / 1000 };
    });
    return { analogies, analogySeconds, similarity };
  }
  const a = toEmb(task.a);
  const b = toEmb(task.b);
  const alignment = await alignSpaces(a, b);
  const comparison = await compareModels(a, b, alignment, { top: task.top, k: task.k, listSize: task.listSize });
  return { alignment, comparison };
}
