// Runs inside the real VS Code extension host (started by bench/load.mjs): trains on the open workspace with
// the train command while issuing hover requests through vscode.executeHoverProvider, and writes hover
// latencies (p50/p95 during training) and the peak memory of the extension host process (the engine's
// workers are threads of it) to $EL_BENCH_RESULTS.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../src/extension/activate';
import type { TrainReport } from '../src/extension/train-command';

const HOVERS = Number(process.env.EL_BENCH_HOVERS ?? 200);

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function run(): Promise<void> {
  const out = process.env.EL_BENCH_RESULTS!;
  const ext = vscode.extensions.getExtension<EmbeddingLensApi>('embedding-lens.embedding-lens')!;
  const api = await ext.activate();
  const cfg = vscode.workspace.getConfiguration('embeddingLens');
  const epochs = Number(process.env.EL_BENCH_EPOCHS ?? 0);
  const baselineRss = process.memoryUsage().rss; // the extension host before any training
  let peakRss = baselineRss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  try {
    // 1. a first (1-epoch) model, so that hovers during the measured run have neighbours to compute
    await cfg.update('epochs', 1, vscode.ConfigurationTarget.Workspace);
    const first = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
    if (first.outcome !== 'success') throw new Error(`first training: ${first.message}`);
    const emb = (await api.models.embeddings())!;
    const words = emb.words.slice(0, 400).filter((w) => /^[a-z]{4,}$/.test(w));
    const doc = await vscode.workspace.openTextDocument({ content: words.join(' '), language: 'markdown' });
    const offsets: number[] = [];
    let at = 0;
    for (const w of words) { offsets.push(at + 1); at += w.length + 1; }

    // 2. the measured run: hovers while the engine trains
    await cfg.update('epochs', epochs > 0 ? epochs : undefined, vscode.ConfigurationTarget.Workspace);
    const started = Date.now();
    const training = vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
    while (api.models.trainingState().phase !== 'training' && api.models.trainingState().running !== false) await new Promise((r) => setTimeout(r, 20));
    const during: number[] = [];
    const after: number[] = [];
    let withNeighbours = 0;
    for (let i = 0; i < HOVERS; i++) {
      const pos = doc.positionAt(offsets[i % offsets.length]!);
      const t0 = performance.now();
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
      const ms = performance.now() - t0;
      if (hovers.length) withNeighbours++;
      (api.models.trainingState().phase === 'training' ? during : after).push(ms);
      await new Promise((r) => setTimeout(r, 25));
    }
    const report = await training;
    clearInterval(sampler);
    during.sort((a, b) => a - b);
    after.sort((a, b) => a - b);
    fs.writeFileSync(out, JSON.stringify({
      outcome: report.outcome, message: report.message, files: report.collect?.files, tokens: report.tokens, vocab: report.vocabSize,
      epochs: report.epochs, trainSeconds: (Date.now() - started) / 1000,
      hovers: HOVERS, hoversDuringTraining: during.length, hoversWithNeighbours: withNeighbours,
      p50ms: quantile(during, 0.5), p95ms: quantile(during, 0.95), maxMs: during.at(-1) ?? null,
      p95AfterMs: quantile(after, 0.95), peakRssMB: peakRss / 2 ** 20, baselineRssMB: baselineRss / 2 ** 20, activation: api.activation,
      budgetMB: (2 * (report.vocabSize ?? 0) * vscode.workspace.getConfiguration('embeddingLens').get<number>('dimensions', 100) * 4 + 4 * (report.tokens ?? 0)) / 2 ** 20 + 150,
    }, null, 2));
  } finally {
    clearInterval(sampler);
    await cfg.update('epochs', undefined, vscode.ConfigurationTarget.Workspace);
  }
}
