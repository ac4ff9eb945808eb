// Extraction throughput per language, on one core: MB of source per second through the whole per-file path of
// the corpus worker (decode, parse with the tree-sitter grammar, extract comments/strings/identifiers, split,
// tokenize into the CorpusBuilder). Prints figures; asserts nothing.
// Sources: the shared code workspaces (requests: Python; vscode-extension-samples: TypeScript, JavaScript, TSX,
// CSS, shell), plus any folders named in EL_BENCH_SOURCES (comma-separated), e.g. /usr/include for C.
// Usage: node dist/bench/extract.js   env: EL_BENCH_SOURCES, EL_BENCH_REPEAT (3), EL_BENCH_MAX_MB (per language, 20)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dataPath } from '../test/data-path';
import { languageOfPath } from '../src/core/code/languages';
import { pathSkipReason } from '../src/core/code/skip-rules';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS } from '../src/engine/corpus-processor';
import { Grammars } from '../src/engine/code/grammars';

const REPEAT = Number(process.env.EL_BENCH_REPEAT ?? 3);
const MAX_BYTES = Number(process.env.EL_BENCH_MAX_MB ?? 20) * 1e6;

function walk(dir: string, root: string, out: { path: string; rel: string }[]): void {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, root, out);
    else if (e.isFile()) out.push({ path: full, rel: relative(root, full) });
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'el-bench-extract-'));
  try {
    const roots: string[] = [];
    for (const archive of ['workspace/requests-src.tar.gz', 'workspace/vscode-extension-samples-src.tar.gz']) {
      const dest = join(tmp, archive.split('/')[1]!.replace(/\.tar\.gz$/, ''));
      execFileSync('mkdir', ['-p', dest]);
      execFileSync('tar', ['xzf', dataPath(archive), '-C', dest]);
      roots.push(dest);
    }
    roots.push(...(process.env.EL_BENCH_SOURCES ?? '').split(',').filter(Boolean));
    const byLanguage = new Map<string, { label: string; files: { rel: string; bytes: Uint8Array }[]; size: number }>();
    for (const root of roots) {
      const files: { path: string; rel: string }[] = [];
      walk(root, root, files);
      for (const f of files) {
        const lang = languageOfPath(f.rel);
        if (!lang || pathSkipReason(f.rel)) continue;
        let g = byLanguage.get(lang.id);
        if (!g) byLanguage.set(lang.id, (g = { label: lang.label, files: [], size: 0 }));
        if (g.size >= MAX_BYTES || statSync(f.path).size > 2 << 20) continue;
        const bytes = readFileSync(f.path);
        g.files.push({ rel: f.rel, bytes });
        g.size += bytes.length;
      }
    }
    // MB per CPU-second is the one-core figure even on a loaded machine (wall time then includes waiting for a core).
    console.log(`extraction throughput, one thread (best of ${REPEAT} passes; the first pass also loads the grammar); load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
    console.log('language      files      MB  MB/CPU-s     MB/s wall  first pass    tokens');
    for (const [id, g] of [...byLanguage].sort((a, b) => b[1].size - a[1].size)) {
      let best = Infinity;
      let bestCpu = Infinity;
      let first = 0;
      let tokens = 0;
      const grammars = new Grammars(); // the first pass loads the grammar; later passes reuse it
      for (let r = 0; r < REPEAT; r++) {
        const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS }, grammars);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        for (const f of g.files) await p.addFile(f.rel, f.bytes);
        const s = (performance.now() - t0) / 1000;
        const c = process.cpuUsage(c0);
        bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
        if (r === 0) first = s;
        best = Math.min(best, s);
        tokens = p.builder.tokensSeen;
      }
      const mb = g.size / 1e6;
      console.log(`${g.label.padEnd(12)} ${String(g.files.length).padStart(6)} ${mb.toFixed(2).padStart(7)} ${(mb / bestCpu).toFixed(2).padStart(12)} ${(mb / best).toFixed(2).padStart(10)} ${(mb / first).toFixed(2).padStart(12)} ${tokens.toLocaleString('en').padStart(9)}   (${id})`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
