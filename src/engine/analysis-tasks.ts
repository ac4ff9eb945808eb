// The analysis tasks a worker (or, as a fallback, the calling thread) runs: pure functions over plain data.
import { evaluateAnalogies, evaluateSimilarity, type AnalogyReport, type SimilarityReport } from '../core/evaluate';
import { projectPoints, type Projection } from '../core/projection';
import { alignSpaces, type Alignment } from '../core/compare/align';
import { Embeddings } from '../core/vectors';
import { unpackWords, type PackedWords } from '../core/shared-words';
import { ensembleEmbeddings, stabilitySummary, type StabilitySummary } from '../core/ensemble';
import { analyseCompare, heldOutScore, type CompareAnalysis, type CompareTask, type HeldOutTask } from './compare-analysis';

/** A model for a worker: its words as an array or packed (core/shared-words.ts), its matrix owned or shared. */
export interface PlainEmbeddings { words: string[] | PackedWords; dim: number; data: Float32Array }

export type AnalysisTask =
  | { kind: 'evaluate'; model: PlainEmbeddings; analogies?: string; similarity: { name: string; text: string }[]; keepFailures: number }
  /** the seeds of one model → its ensemble matrix (in shared memory) and the stability of its frequent words */
  | { kind: 'ensemble'; words: string[]; seedDim: number; inputs: Float32Array[]; top: number }
  /** the Procrustes rotation of b onto a (O(n·d²) and an SVD of d × d) */
  | { kind: 'align'; a: PlainEmbeddings; b: PlainEmbeddings }
  /** the map: n × d points (rows from rotateFrom on rotated first), projected to 2D */
  | { kind: 'project'; method: 'pca' | 'umap'; points: Float64Array; n: number; d: number; seed: number; rotateFrom?: number; rotation?: Float64Array }
  | CompareTask
  | HeldOutTask;

export interface EvaluateOutput { analogies: AnalogyReport | null; analogySeconds: number; similarity: { name: string; report: SimilarityReport; seconds: number }[] }
export interface EnsembleOutput { data: Float32Array; stability: StabilitySummary | undefined }
export type HeldOutOutput = ReturnType<typeof heldOutScore>;
export type AnalysisOutput<T extends AnalysisTask> = T extends { kind: 'evaluate' } ? EvaluateOutput
  : T extends { kind: 'ensemble' } ? EnsembleOutput
  : T extends { kind: 'align' } ? Alignment
  : T extends { kind: 'project' } ? Projection
  : T extends { kind: 'compareSeeds' } ? CompareAnalysis
  : HeldOutOutput;

/**
 * The buffers a task can hand to the worker without copying (the caller never uses them again). Shared memory is
 * shared, not moved; the seeds' matrices of the ensemble and compare tasks stay the caller's (it saves them).
 */
export function transferables(task: AnalysisTask): ArrayBuffer[] {
  const own = (...bufs: ArrayBufferLike[]) => bufs.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  switch (task.kind) {
    case 'evaluate': return own(task.model.data.buffer);
    case 'align': return own(task.a.data.buffer, task.b.data.buffer);
    case 'project': return own(task.points.buffer, ...(task.rotation ? [task.rotation.buffer] : []));
    default: return [];
  }
}

const toEmb = (p: PlainEmbeddings) => new Embeddings(Array.isArray(p.words) ? p.words : unpackWords(p.words), p.dim, p.data);

const sharedFloats = (length: number): Float32Array =>
  new Float32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(length * 4) : new ArrayBuffer(length * 4));

export async function runAnalysisTask(task: AnalysisTask): Promise<EvaluateOutput | EnsembleOutput | Alignment | Projection | CompareAnalysis | HeldOutOutput> {
  if (task.kind === 'compareSeeds') return analyseCompare(task);
  if (task.kind === 'heldOutScore') return heldOutScore(task);
  if (task.kind === 'ensemble') {
    const emb = ensembleEmbeddings(task.words, task.seedDim, task.inputs, sharedFloats);
    return { data: emb.data, stability: stabilitySummary(emb, { top: task.top }) };
  }
  if (task.kind === 'align') return alignSpaces(toEmb(task.a), toEmb(task.b));
  if (task.kind === 'project') return projectPoints(task.points, task.n, task.d, task.method, { seed: task.seed, rotateFrom: task.rotateFrom, rotation: task.rotation });
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
