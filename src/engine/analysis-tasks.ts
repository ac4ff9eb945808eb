// The analysis tasks a worker (or, as a fallback, the calling thread) runs: pure functions over plain data.
import { alignSpaces, compareModels, type Alignment, type ModelComparison } from '../core/compare';
import { evaluateAnalogies, evaluateSimilarity, type AnalogyReport, type SimilarityReport } from '../core/evaluate';
import { projectPoints, type Projection } from '../core/projection';
import { Embeddings } from '../core/vectors';

export interface PlainEmbeddings { words: string[]; dim: number; data: Float32Array }

export type AnalysisTask =
  | { kind: 'evaluate'; model: PlainEmbeddings; analogies?: string; similarity: { name: string; text: string }[]; keepFailures: number }
  | { kind: 'compare'; a: PlainEmbeddings; b: PlainEmbeddings; top: number; k: number; listSize: number }
  /** the Procrustes rotation of b onto a (O(n·d²) and an SVD of d × d) */
  | { kind: 'align'; a: PlainEmbeddings; b: PlainEmbeddings }
  /** the map: n × d points (rows from rotateFrom on rotated first), projected to 2D */
  | { kind: 'project'; method: 'pca' | 'umap'; points: Float64Array; n: number; d: number; seed: number; rotateFrom?: number; rotation?: Float64Array };

export interface EvaluateOutput { analogies: AnalogyReport | null; analogySeconds: number; similarity: { name: string; report: SimilarityReport; seconds: number }[] }
export interface CompareOutput { alignment: Alignment; comparison: ModelComparison }
export type AnalysisOutput<T extends AnalysisTask> =
  T extends { kind: 'evaluate' } ? EvaluateOutput : T extends { kind: 'align' } ? Alignment : T extends { kind: 'project' } ? Projection : CompareOutput;

/** The buffers a task can hand to the worker without copying (the caller never uses them again). */
export function transferables(task: AnalysisTask): ArrayBuffer[] {
  switch (task.kind) {
    case 'evaluate': return [task.model.data.buffer as ArrayBuffer];
    case 'compare': case 'align': return [task.a.data.buffer as ArrayBuffer, task.b.data.buffer as ArrayBuffer];
    case 'project': return [task.points.buffer as ArrayBuffer, ...(task.rotation ? [task.rotation.buffer as ArrayBuffer] : [])];
  }
}

const toEmb = (p: PlainEmbeddings) => new Embeddings(p.words, p.dim, p.data);

export async function runAnalysisTask(task: AnalysisTask): Promise<EvaluateOutput | CompareOutput | Alignment | Projection> {
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
  const a = toEmb(task.a);
  const b = toEmb(task.b);
  const alignment = await alignSpaces(a, b);
  const comparison = await compareModels(a, b, alignment, { top: task.top, k: task.k, listSize: task.listSize });
  return { alignment, comparison };
}
