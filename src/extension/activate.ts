// Registers everything; nothing heavy happens here (no file reading, no model loading): the model index is
// read on first use, the model file on the first hover or query, training only on command.
import * as vscode from 'vscode';
import { registerHover } from './hover';
import { ModelService } from './model-service';
import { ModelStore } from './model-store';
import { storeForWorkspace } from './workspace-store';
import { deleteModelsCommand, type DeleteArgs } from './delete-models-command';
import { registerPanel } from './panel';
import { registerSidebar } from './sidebar';
import { registerStatusBar } from './status-bar';
import { TrainCommand, type TrainReport } from './train-command';
import { TrainingRunner } from './training-runner';
import { exportVectorsCommand, type ExportArgs } from './file-commands';
import { LoadController, type LoadArgs } from './load-command';
import { collectWorkspaceCorpus } from './workspace-corpus';
import { CompareService } from './compare/compare-service';
import { EvaluationFiles } from './evaluation';
import { analysisHooks } from '../engine/analysis';
import { queryWorkerHooks } from '../engine/query-worker';

declare const __embeddingLensLoadStart: number | undefined;

/** Returned from activate(): used by the integration tests (and usable by other extensions). */
export interface EmbeddingLensApi {
  models: ModelService;
  lastTrainReport(): TrainReport | undefined;
  collectWorkspaceCorpus: typeof collectWorkspaceCorpus;
  ModelStore: typeof ModelStore;
  ModelService: typeof ModelService;
  /** The compare pair: run it, read its saved data (what the Compare tab shows), query a word. */
  compare: CompareService;
  /** Hooks into every engine run of the training pipeline (worker threads), for monitoring and fault-injection tests. */
  trainHooks: TrainingRunner['hooks'];
  /** Holds analysis workers at their start, for tests of what the host does meanwhile. */
  analysisHooks: typeof analysisHooks;
  /** Which models get a query worker (engine/query-worker.ts), for tests of that path on small models. */
  queryWorkerHooks: typeof queryWorkerHooks;
  /** Hooks into "Load Embeddings from File…" (its progress reports), for tests that act at points defined by progress. */
  loadHooks: LoadController['hooks'];
  /** Measured in this extension host: evaluating the bundle, and activate() itself. */
  activation: { loadMs: number; activateMs: number };
  /** Where this window keeps things: its own storageUri (per window) and the workspace's model store (shared). */
  storage: { windowStorage: string | undefined; modelStore: string };
}

export function activate(context: vscode.ExtensionContext): EmbeddingLensApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('Embedding Lens', { log: true });
  const models = new ModelService(storeForWorkspace(context, log), log, true);
  const runner = new TrainingRunner(models, log);
  const trainer = new TrainCommand(runner, models, log);
  const loader = new LoadController(models, log);
  const evalFiles = new EvaluationFiles();
  const compare = new CompareService(models, runner, evalFiles, log);
  context.subscriptions.push(
    log,
    models,
    runner,
    compare,
    vscode.commands.registerCommand('embeddingLens.train', () => trainer.run()),
    vscode.commands.registerCommand('embeddingLens.compare', () => compare.run()),
    vscode.commands.registerCommand('embeddingLens.cancelTraining', () => runner.cancel()),
    vscode.commands.registerCommand('embeddingLens.loadVectors', (args?: LoadArgs) => loader.run(args)),
    vscode.commands.registerCommand('embeddingLens.cancelLoad', () => loader.cancel()),
    vscode.commands.registerCommand('embeddingLens.exportVectors', (args?: ExportArgs) => exportVectorsCommand(models, args)),
    vscode.commands.registerCommand('embeddingLens.deleteModels', (args?: DeleteArgs) => deleteModelsCommand(context, models, args)),
  );
  registerHover(context, models);
  registerStatusBar(context, models);
  registerSidebar(context, models);
  registerPanel(context, models, { compare, evalFiles });
  const activation = {
    loadMs: typeof __embeddingLensLoadStart === 'number' ? activateStart - __embeddingLensLoadStart : Number.NaN,
    activateMs: performance.now() - activateStart,
  };
  log.info(`activated in ${activation.activateMs.toFixed(1)} ms (bundle evaluated in ${activation.loadMs.toFixed(1)} ms)`);
  return {
    activation,
    models,
    lastTrainReport: () => trainer.lastReport,
    collectWorkspaceCorpus,
    ModelStore,
    ModelService,
    compare,
    trainHooks: runner.hooks,
    analysisHooks,
    queryWorkerHooks,
    loadHooks: loader.hooks,
    storage: { windowStorage: context.storageUri?.toString(), modelStore: models.store.root.toString() },
  };
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop training (abort) and release everything.
}
