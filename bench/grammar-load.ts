// What loading a grammar costs, in wall time and in CPU, with each way Grammars can compile a grammar's
// WebAssembly ('calling-thread': new WebAssembly.Module on the thread that parses; 'background': web-tree-sitter's
// own WebAssembly.instantiate, which decodes and validates on V8's background threads). Every row is a fresh process.
//  1. In sequence: the 14 shipped grammars loaded one after the other (CSS last), each followed by a parse of up to
//     EL_BENCH_MAX_MB (0.5) of its sources, so that earlier grammars' hot functions are being tiered up by TurboFan
//     in the background when the next one loads. Prints each load's wall time.
//  2. The whole extraction (one CorpusProcessor over every file the CLI would read, as bench/extract-tokens.ts) of
//     each shared code workspace: wall and CPU seconds (process.cpuUsage: all threads, V8's compilers included) at
//     the end of the last file and once the background compilers have gone quiet, and the slowest grammar load.
//  3. The same extraction three times in one process, each with a new Grammars while the earlier ones stay alive:
//     V8 then hands the already compiled (and tiered-up) module back for the same bytes, which is what keeping the
//     compiled modules from one training run to the next would save.
// Variants alternate within each of EL_BENCH_REPEAT (3) rounds. Prints figures; asserts nothing.
// Usage: node dist/bench/grammar-load.js   env: as extract-sources.ts, plus EL_BENCH_REPEAT, EL_BENCH_VARIANTS
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { pathSkipReason } from '../src/core/code/skip-rules';
import { type GrammarCompile, Grammars } from '../src/engine/code/grammars';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS } from '../src/engine/corpus-processor';
import { collectSources, cpuOnceQuiet, listFiles, processCpuSeconds as cpuSeconds, threadCpuSeconds as mainThreadCpu, unpackWorkspaces } from './extract-sources';

const ORDER = ['python', 'typescript', 'tsx', 'javascript', 'bash', 'cpp', 'php', 'ruby', 'rust', 'go', 'java', 'c-sharp', 'powershell', 'css'];
const VARIANTS = (process.env.EL_BENCH_VARIANTS ?? 'background,calling-thread').split(',') as GrammarCompile[];
const REPEAT = Number(process.env.EL_BENCH_REPEAT ?? 3);

// For grammars with no sources on this machine: a few lines, repeated, so that their functions run too.
const SNIPPETS: Record<string, string> = {
  ruby: '# fetch the user\ndef fetch_user_name(id)\n  url = "https://example.com/#{id}"\n  @cache[id] ||= Net::HTTP.get(URI(url))\nend\n',
  rust: '/// fetch the user\nfn fetch_user_name(id: u32) -> String {\n    let url = format!("https://example.com/{}", id);\n    url.to_uppercase()\n}\n',
  go: '// fetch the user\nfunc fetchUserName(id int) string {\n\turl := fmt.Sprintf("https://example.com/%d", id)\n\treturn strings.ToUpper(url)\n}\n',
  java: '/** fetch the user */\nclass A { String fetchUserName(int id) { String url = "https://example.com/" + id; return url.toUpperCase(); } }\n',
  'c-sharp': '/// fetch the user\nclass A { string FetchUserName(int id) { var url = $"https://example.com/{id}"; return url.ToUpper(); } }\n',
  powershell: '# fetch the user\nfunction Get-UserName($Id) {\n  $url = "https://example.com/$Id"\n  return (Invoke-RestMethod -Uri $url).Name\n}\n',
  // (the rest have sources in the shared workspaces or with EL_BENCH_SOURCES; these stand in when they do not)
  python: '# fetch the user\ndef fetch_user_name(user_id):\n    url = f"https://example.com/{user_id}"\n    return requests.get(url).json()["name"]\n',
  typescript: '// fetch the user\nexport async function fetchUserName(id: number): Promise<string> {\n  const url = `https://example.com/${id}`;\n  return (await fetch(url)).text();\n}\n',
  tsx: '// the user\nexport const UserName = ({ id }: { id: number }) => <span title="user">{fetchUserName(id)}</span>;\n',
  javascript: '// fetch the user\nasync function fetchUserName(id) {\n  const url = `https://example.com/${id}`;\n  return (await fetch(url)).text();\n}\n',
  bash: '# fetch the user\nfetch_user_name() {\n  local url="https://example.com/$1"\n  curl -s "$url" | jq -r .name\n}\n',
  cpp: '// fetch the user\nstd::string fetchUserName(int id) {\n  std::string url = "https://example.com/" + std::to_string(id);\n  return toUpper(url);\n}\n',
  php: '<?php\n// fetch the user\nfunction fetch_user_name($id) {\n  $url = "https://example.com/$id";\n  return strtoupper($url);\n}\n',
  css: '/* the user */\n.user-name { color: #333; margin: 0 auto; }\n',
};

interface SequenceRow { grammar: string; loadMs: number; parseMs: number; mb: number }

async function sequence(compile: GrammarCompile, roots: string[]): Promise<void> {
  process.env.EL_BENCH_MAX_MB ??= '0.5';
  const byGrammar = new Map<string, string[]>();
  for (const s of collectSources(roots)) byGrammar.set(s.grammar, [...(byGrammar.get(s.grammar) ?? []), ...s.files.map((f) => f.text)]);
  const grammars = new Grammars(undefined, compile);
  const rows: SequenceRow[] = [];
  for (const grammar of ORDER) {
    const texts = byGrammar.get(grammar) ?? [SNIPPETS[grammar]!.repeat(400)];
    const t0 = performance.now();
    const parser = await grammars.parser(grammar);
    const t1 = performance.now();
    for (const t of texts) parser.parse(t)?.delete();
    rows.push({ grammar, loadMs: t1 - t0, parseMs: performance.now() - t1, mb: texts.reduce((n, t) => n + t.length, 0) / 1e6 });
  }
  const atEnd = cpuSeconds();
  process.stdout.write(JSON.stringify({ rows, cpu: atEnd, cpuQuiet: await cpuOnceQuiet(), mainCpu: mainThreadCpu() }));
}

interface ExtractResult { wall: number; cpu: number; cpuQuiet: number; mainCpu: number; tokens: number; loads: Record<string, number> }

async function extract(compile: GrammarCompile, root: string, keep: Grammars[] = []): Promise<ExtractResult> {
  const grammars = new Grammars(undefined, compile);
  keep.push(grammars);
  const loads: Record<string, number> = {};
  const parser = grammars.parser.bind(grammars);
  grammars.parser = async (grammar: string) => {
    if (grammars.loaded.includes(grammar)) return parser(grammar);
    const t0 = performance.now();
    const p = await parser(grammar);
    loads[grammar] ??= performance.now() - t0;
    return p;
  };
  const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS }, grammars);
  const c0 = cpuSeconds();
  const m0 = mainThreadCpu();
  const t0 = performance.now();
  for (const f of listFiles(root)) {
    if (pathSkipReason(f.rel)) continue;
    await p.addFile(relative(root, f.path), readFileSync(f.path));
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  const tokens = p.builder.tokensSeen;
  return { wall, cpu, cpuQuiet: (await cpuOnceQuiet()) - c0, mainCpu: mainThreadCpu() - m0, tokens, loads };
}

async function again(compile: GrammarCompile, root: string): Promise<ExtractResult[]> {
  const keep: Grammars[] = [];
  const out: ExtractResult[] = [];
  for (let i = 0; i < 3; i++) out.push(await extract(compile, root, keep));
  return out;
}

function run(args: string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }));
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [mode, compile, roots] = process.argv.slice(at + 1) as [string, GrammarCompile, string];
    if (mode === 'sequence') return sequence(compile, roots.split(','));
    process.stdout.write(JSON.stringify(await (mode === 'again' ? again(compile, roots) : extract(compile, roots))));
    return;
  }
  const workspaces = unpackWorkspaces();
  try {
    console.log(`load average ${loadavg()[0]!.toFixed(1)}; ${REPEAT} rounds, variants in turn, a fresh process per row`);
    const seq = new Map<GrammarCompile, { rows: SequenceRow[]; cpu: number; cpuQuiet: number; mainCpu: number }[]>();
    const ext = new Map<string, ExtractResult[]>();
    const reuse = new Map<string, ExtractResult[]>();
    for (let r = 0; r < REPEAT; r++) {
      for (const v of VARIANTS) {
        const s = run(['--child', 'sequence', v, workspaces.roots.join(',')]) as { rows: SequenceRow[]; cpu: number; cpuQuiet: number; mainCpu: number };
        seq.set(v, [...(seq.get(v) ?? []), s]);
        for (const root of workspaces.roots) {
          const key = `${v} ${relative(workspaces.roots[0]!.replace(/[^/]*$/, ''), root)}`;
          ext.set(key, [...(ext.get(key) ?? []), run(['--child', 'extract', v, root]) as ExtractResult]);
          if (r === 0 && v === VARIANTS[VARIANTS.length - 1]) reuse.set(key, run(['--child', 'again', v, root]) as ExtractResult[]);
        }
      }
    }
    console.log('\n1. Loading the grammars in sequence, each followed by a parse of its sources: load wall ms, one column per round');
    for (const v of VARIANTS) {
      const runs = seq.get(v)!;
      console.log(`  ${v}:`);
      for (let i = 0; i < ORDER.length; i++) {
        const first = runs[0]!.rows[i]!;
        const loads = runs.map((s) => s.rows[i]!.loadMs.toFixed(0).padStart(6)).join(' ');
        const parses = runs.map((s) => (s.rows[i]!.parseMs / 1000).toFixed(2)).join(' ');
        console.log(`    ${first.grammar.padEnd(11)} ${first.mb.toFixed(2)} MB   load ${loads} ms   then parse ${parses} s`);
      }
      console.log(`    CPU seconds, whole process: at the end ${runs.map((s) => s.cpu.toFixed(2)).join(' ')}; once the compilers are quiet ${runs.map((s) => s.cpuQuiet.toFixed(2)).join(' ')}, of which the parsing thread ${runs.map((s) => s.mainCpu.toFixed(2)).join(' ')}`);
    }
    console.log('\n2. The whole extraction of each workspace (CorpusProcessor, every file the CLI reads), one column per round');
    for (const [key, runs] of ext) {
      const slow = runs.map((e) => Object.entries(e.loads).sort((a, b) => b[1] - a[1])[0]);
      console.log(`  ${key}: ${runs[0]!.tokens} tokens`);
      console.log(`    wall s ${runs.map((e) => e.wall.toFixed(2)).join(' ')}; CPU s at the last file ${runs.map((e) => e.cpu.toFixed(2)).join(' ')}; CPU s once quiet ${runs.map((e) => e.cpuQuiet.toFixed(2)).join(' ')}, of which the parsing thread ${runs.map((e) => e.mainCpu.toFixed(2)).join(' ')}`);
      console.log(`    slowest grammar load ${slow.map((s) => (s ? `${s[0]} ${s[1].toFixed(0)} ms` : '-')).join(', ')}`);
      console.log(`    every load, round 1: ${Object.entries(runs[0]!.loads).map(([g, ms]) => `${g} ${ms.toFixed(0)}`).join(', ')} ms`);
    }
    console.log('\n3. The same extraction three times in one process, the compiled grammars of the earlier runs kept alive');
    for (const [key, runs] of reuse) {
      console.log(`  ${key}: wall s ${runs.map((e) => e.wall.toFixed(2)).join(' ')}; CPU s once quiet ${runs.map((e) => e.cpuQuiet.toFixed(2)).join(' ')}`);
    }
  } finally {
    workspaces.done();
  }
}

void main();
