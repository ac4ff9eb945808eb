// The analysis tasks a worker (or, as a fallback, the calling thread) runs: pure functions over plain data.
import { evaluateAnalogies, evaluateSimilarity, type AnalogyReport, type SimilarityReport } from '../core/evaluate';
import { Embeddings } from '../core/vectors';
import { ensembleEmbeddings, stabilitySummary, type StabilitySummary } from '../core/ensemble';
import { analyseCompare, heldOutScore, type CompareAnalysis, type CompareTask, type HeldOutTask } from './compare-analysis';

export interface PlainEmbeddings { words: string[]; dim: number; data: Float32Array }

export type AnalysisTask =
  | { kind: 'evaluate'; model: PlainEmbeddings; analogies?: string; similarity: { name: string; text: string }[]; keepFailures: number }
  /** the seeds of one model → its ensemble matrix (in shared memory) and the stability of its frequent words */
  | { kind: 'ensemble'; words: string[]; seedDim: number; inputs: Float32Array[]; top: number }
  | CompareTask
  | HeldOutTask;

export interface EvaluateOutput { analogies: AnalogyReport | null; analogySeconds: number; similarity: { name: string; report: SimilarityReport; seconds: number }[] }
export interface EnsembleOutput { data: Float32Array; stability: StabilitySummary | undefined }
export type AnalysisOutput<T extends AnalysisTask> = T extends { kind: 'evaluate' } ? EvaluateOutput
  : T extends { kind: 'ensemble' } ? EnsembleOutput
  : T extends { kind: 'compareSeeds' } ? CompareAnalysis
  : HeldOutOutput;
export type HeldOutOutput = ReturnType<typeof heldOutScore>;

const toEmb = (p: PlainEmbeddings) => new Embeddings(p.words, p.dim, p.data);

const sharedFloats = (length: number): Float32Array =>
  new Float32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(length * 4) : new ArrayBuffer(length * 4));

export async function runAnalysisTask(task: AnalysisTask): Promise<EvaluateOutput | EnsembleOutput | CompareAnalysis | HeldOutOutput> {
  if (task.kind === 'compareSeeds') return analyseCompare(task);
  if (task.kind === 'heldOutScore') return heldOutScore(task);
  if (task.kind === 'ensemble') {
    const emb = ensembleEmbeddings(task.words, task.seedDim, task.inputs, sharedFloats);
    return { data: emb.data, stability: stabilitySummary(emb, { top: task.top }) };
  }
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
  const never: never = task;
  throw new Error(`unknown analysis task ${JSON.stringify(never)}`);
}
