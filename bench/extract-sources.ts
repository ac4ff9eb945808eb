// The source files the extraction benchmarks read, by language: the shared code workspaces (requests: Python;
// vscode-extension-samples: TypeScript, JavaScript, TSX, CSS, shell), plus any folders named in EL_BENCH_SOURCES
// (comma-separated), e.g. /usr/include for C. Only files that reach the parser (not skipped by path, not binary,
// invalid UTF-8 or generated), at most EL_BENCH_MAX_MB (20) per language; EL_BENCH_LANGUAGES (ids) picks some.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dataPath } from '../test/data-path';
import { languageOfPath } from '../src/core/code/languages';
import { declaresGenerated, looksMinified, pathSkipReason } from '../src/core/code/skip-rules';
import { decodeText } from '../src/core/text-detect';

export interface LanguageSources {
  id: string;
  label: string;
  grammar: string;
  files: { rel: string; bytes: Uint8Array; text: string }[];
  size: number;
}

export const CODE_WORKSPACES = ['workspace/requests-src.tar.gz', 'workspace/vscode-extension-samples-src.tar.gz'];

function walk(dir: string, root: string, out: { path: string; rel: string }[]): void {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, root, out);
    else if (e.isFile()) out.push({ path: full, rel: relative(root, full) });
  }
}

/** Every file below a folder, sorted, with its path relative to it ("/"-separated on this platform). */
export function listFiles(root: string): { path: string; rel: string }[] {
  const out: { path: string; rel: string }[] = [];
  walk(root, root, out);
  return out;
}

/** Unpacks the shared code workspaces into a temporary folder; `done` removes it. */
export function unpackWorkspaces(): { roots: string[]; done: () => void } {
  const tmp = mkdtempSync(join(tmpdir(), 'el-bench-extract-'));
  const roots = CODE_WORKSPACES.map((archive) => {
    const dest = join(tmp, archive.split('/')[1]!.replace(/\.tar\.gz$/, ''));
    execFileSync('mkdir', ['-p', dest]);
    execFileSync('tar', ['xzf', dataPath(archive), '-C', dest]);
    return dest;
  });
  return { roots, done: () => rmSync(tmp, { recursive: true, force: true }) };
}

export function collectSources(roots: readonly string[]): LanguageSources[] {
  const maxBytes = Number(process.env.EL_BENCH_MAX_MB ?? 20) * 1e6;
  const only = new Set((process.env.EL_BENCH_LANGUAGES ?? '').split(',').filter(Boolean));
  const byLanguage = new Map<string, LanguageSources>();
  for (const root of [...roots, ...(process.env.EL_BENCH_SOURCES ?? '').split(',').filter(Boolean)]) {
    for (const f of listFiles(root)) {
      const lang = languageOfPath(f.rel);
      if (!lang || pathSkipReason(f.rel) || (only.size && !only.has(lang.id))) continue;
      let g = byLanguage.get(lang.id);
      if (!g) byLanguage.set(lang.id, (g = { id: lang.id, label: lang.label, grammar: lang.grammar, files: [], size: 0 }));
      if (g.size >= maxBytes || statSync(f.path).size > 2 << 20) continue;
      const bytes = readFileSync(f.path);
      const decoded = decodeText(bytes);
      if (decoded.kind !== 'text' || declaresGenerated(decoded.text) || looksMinified(decoded.text)) continue;
      g.files.push({ rel: f.rel, bytes, text: decoded.text });
      g.size += bytes.length;
    }
  }
  return [...byLanguage.values()].sort((a, b) => b.size - a.size);
}

/** CPU seconds of every thread of the process, V8's background compilers included. */
export function processCpuSeconds(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

/** processCpuSeconds() once the process has used under 10 ms of CPU in 250 ms (V8's compilers done), at most 120 s. */
export async function cpuOnceQuiet(): Promise<number> {
  let last = processCpuSeconds();
  for (let i = 0; i < 480; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = processCpuSeconds();
    if (now - last < 0.01) return now;
    last = now;
  }
  return last;
}

/**
 * CPU seconds this thread has used (Linux: /proc/thread-self/stat, in clock ticks of 10 ms), or NaN elsewhere.
 * process.cpuUsage() counts every thread, and V8's background threads compile each grammar's lexer with TurboFan
 * for seconds after its first files (and into the next language's passes), so only this figure is "one core".
 */
export function threadCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15 of stat(5))
  } catch {
    return Number.NaN;
  }
}

/**
 * Wall seconds, process CPU seconds (every thread) and this thread's CPU seconds of one call. MB per CPU-second
 * is a one-core figure even on a loaded machine; per thread-CPU-second, it leaves out the background compilers.
 */
export async function timed(run: () => Promise<void> | void): Promise<{ wall: number; cpu: number; thread: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const th0 = threadCpuSeconds();
  await run();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, thread: threadCpuSeconds() - th0 };
}
