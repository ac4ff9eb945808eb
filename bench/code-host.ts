// Runs inside the real VS Code extension host (started by bench/code.mjs) on a code workspace: for each of its
// top folders, collects it before (the host thread reading and tokenizing every file, code read whole as text, as
// before the corpus worker) and after (the host lists files, the corpus worker does the rest), alternating,
// EL_BENCH_REPEAT times, measuring this thread's event-loop delay (perf_hooks.monitorEventLoopDelay), and the
// tokens and vocabulary prose-only and with code. Writes $EL_BENCH_RESULTS.
import * as fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CorpusBuilder } from '../src/core/corpus';
import { encodeWorkspace } from '../src/extension/encode-workspace';
import { readSettings } from '../src/extension/settings';
import { collectWorkspaceCorpus } from '../src/extension/workspace-corpus';

const REPEAT = Number(process.env.EL_BENCH_REPEAT ?? 3);

async function delayDuring(work: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  await work();
  // the share of the time this thread was busy (not waiting in the event loop): the host's own work
  const busy = performance.eventLoopUtilization(elu0).utilization;
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, seconds, busy };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const out: Record<string, unknown> = {};
  const root = vscode.workspace.workspaceFolders![0]!.uri;
  const progress = { report: () => undefined };
  for (const name of (await vscode.workspace.fs.readDirectory(root)).filter(([, t]) => t === vscode.FileType.Directory).map(([n]) => n).sort()) {
    const folder = vscode.Uri.joinPath(root, name);
    const settings = readSettings(folder);
    const before: Awaited<ReturnType<typeof delayDuring>>[] = [];
    const after: Awaited<ReturnType<typeof delayDuring>>[] = [];
    for (let i = 0; i < REPEAT; i++) {
      before.push(await delayDuring(async () => {
        const b = new CorpusBuilder({ lowercase: true });
        await collectWorkspaceCorpus((t) => b.addText(t), { roots: [folder] });
        b.end();
      }));
      after.push(await delayDuring(() => encodeWorkspace(settings, progress, new AbortController().signal, { roots: [folder] })));
    }
    const summary = (xs: typeof before) => ({ p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)), max: median(xs.map((x) => x.max)), worstMax: Math.max(...xs.map((x) => x.max)), seconds: median(xs.map((x) => x.seconds)), busy: median(xs.map((x) => x.busy)) });
    const withCode = await encodeWorkspace(settings, progress, new AbortController().signal, { roots: [folder] });
    const prose = await encodeWorkspace({ ...settings, code: { ...settings.code, enabled: false } }, progress, new AbortController().signal, { roots: [folder] });
    const figures = (r: typeof withCode) => r.outcome === 'encoded' ? { files: r.collect.files, tokens: r.corpus.tokens, vocab: r.vocab.size, minCount: r.minCount, epochs: r.epochs } : { outcome: r.outcome };
    out[name] = { before: summary(before), after: summary(after), proseOnly: figures(prose), withCode: figures(withCode),
      learnedFrom: withCode.outcome === 'encoded' ? withCode.collect.learnedFrom : undefined };
  }
  fs.writeFileSync(process.env.EL_BENCH_RESULTS!, JSON.stringify(out, null, 2));
}
