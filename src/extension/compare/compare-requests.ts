// Answers the panel's Compare, Map and Evaluate requests (validated by message-validation.ts first).
// Heavy work (alignment, UMAP, evaluation) runs on the analysis worker (engine/analysis.ts), not on the host's thread.
import type { HostRequest } from './compare-request-types';
import type { CompareService } from './compare-service';
import type { EvaluationFiles } from '../evaluation';
import type { ModelService } from '../model-service';
import type { ResponseMessage } from '../../protocol';

export interface CompareDeps { compare: CompareService; evalFiles: EvaluationFiles; models: ModelService }

export async function answerCompareRequest(msg: HostRequest, deps: CompareDeps): Promise<ResponseMessage> {
  const ok = <T>(result: T): ResponseMessage => ({ type: 'response', id: msg.id, ok: true, result } as ResponseMessage);
  switch (msg.type) {
    case 'compare.summary':
      return ok(await deps.compare.summary());
    case 'compare.word':
      return ok(await deps.compare.word(msg.word, msg.k));
    case 'map.data':
      return ok(await deps.compare.map(msg.word, msg.n, msg.method, msg.scope));
    case 'eval.files':
      return ok(deps.evalFiles.describe());
    case 'eval.pick':
      return ok(await deps.evalFiles.pick(msg.kind));
    case 'eval.run': {
      const t0 = Date.now();
      let models;
      if (msg.target === 'compare') {
        models = await deps.compare.evaluationModels();
      } else {
        const emb = await deps.models.embeddings();
        const info = deps.models.activeInfo();
        if (!emb || !info) throw new Error(deps.models.lastLoadError() ?? 'No embeddings yet: train a model on this workspace first.');
        models = [{ label: info.label, kind: info.kind, emb }];
      }
      const results = await deps.evalFiles.evaluate(models);
      return ok({ models: results, seconds: (Date.now() - t0) / 1000 });
    }
  }
}
