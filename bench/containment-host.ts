// Runs inside the real VS Code extension host (started by bench/containment.mjs): builds one pathological
// workspace folder (EL_BENCH_CASE) and times the extension's own collection of it (collectWorkspaceCorpus, what
// the train command runs first), writing the time, the outcome and the counts to $EL_BENCH_RESULTS.
// The same file runs against an older checkout (bench/containment.mjs --root) for the "before" figures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Api {
  collectWorkspaceCorpus(sink: (text: string) => void, options: { roots: vscode.Uri[]; exclude?: string[] }): Promise<{ files: number; skipped: Record<string, number> }>;
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.join(root, rel, '..'), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** Each case: the folder's files, its .gitignore, and the embeddingLens.exclude patterns. */
function build(name: string, root: string): string[] | undefined {
  const name40 = `${'a'.repeat(37)}.md`; // a 40-character file name
  switch (name) {
    case 'gitignore-stars':
      write(root, name40, 'long name\n');
      write(root, '.gitignore', '*a*a*a*a*a*a*a*a*a*a*ab\n');
      return undefined;
    case 'gitignore-deep-globstars':
      write(root, `${Array.from({ length: 40 }, () => 'x').join('/')}/page.md`, 'deep page\n');
      write(root, '.gitignore', 'x/**/**/**/**/**/**/**/**/**/**/y\n');
      return undefined;
    case 'gitignore-100k-rules':
    case 'gitignore-10k-rules':
    case 'plain-1000-files': // the same 1,000 files without a .gitignore: what reading them costs
      for (let i = 0; i < 1000; i++) write(root, `docs/d${i % 20}/page${i}.md`, `page ${i}\n`);
      if (name !== 'plain-1000-files') write(root, '.gitignore', Array.from({ length: name === 'gitignore-100k-rules' ? 100_000 : 10_000 }, (_, i) => `rule${i}`).join('\n') + '\n');
      return undefined;
    case 'exclude-stars':
      write(root, name40, 'long name\n');
      return ['**/*a*a*a*a*a*a*a*a*a*a*ab'];
    case 'powershell-docs':
      return undefined; // the outer script extracted the real 3,112-file workspace into the open folder
    case 'exclude-braces':
      write(root, `${'ab'.repeat(11)}.md`, 'braces\n');
      write(root, 'kept.md', 'kept\n');
      return [`${'{a,b}'.repeat(22)}.md`];
    default:
      throw new Error(`unknown case ${name}`);
  }
}

export async function run(): Promise<void> {
  const out = process.env.EL_BENCH_RESULTS!;
  const name = process.env.EL_BENCH_CASE!;
  const api = await vscode.extensions.getExtension<Api>('embedding-lens.embedding-lens')!.activate();
  const root = name === 'powershell-docs'
    ? vscode.workspace.workspaceFolders![0]!.uri.fsPath
    : fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `el-bench-${name}-`)));
  const exclude = build(name, root);
  fs.writeFileSync(out, JSON.stringify({ case: name, started: true }));
  const t0 = performance.now();
  let outcome: string;
  let report: unknown;
  try {
    const r = await api.collectWorkspaceCorpus(() => undefined, { roots: [vscode.Uri.file(root)], ...(exclude ? { exclude } : {}) });
    outcome = `${r.files} files read`;
    report = r.skipped;
  } catch (e) {
    outcome = `stopped: ${e instanceof Error ? e.message : String(e)}`;
  }
  const seconds = (performance.now() - t0) / 1000;
  fs.writeFileSync(out, JSON.stringify({ case: name, seconds, outcome, skipped: report, rssMB: process.memoryUsage().rss / 2 ** 20 }));
}
