// Loads web-tree-sitter (from @vscode/tree-sitter-wasm, VS Code's own build of the grammars) and each grammar
// lazily, on the first file of its language. Runs wherever parsing runs: the corpus worker, the CLI, tests;
// never on the extension host's thread.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, Parser } from '@vscode/tree-sitter-wasm';
import { builtDir } from '../built-files';

export type { Language, Node, Parser, Tree } from '@vscode/tree-sitter-wasm';

/** dist/grammars, found from wherever this bundle sits under dist/ (see built-files.ts). */
export function grammarDir(): string {
  const dir = builtDir(join('grammars', 'tree-sitter.wasm'));
  if (dir !== undefined) return join(dir, 'grammars');
  throw new Error(`the tree-sitter grammars are not built (no grammars/tree-sitter.wasm near ${__dirname}); run "npm run build"`);
}

export class GrammarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrammarError';
  }
}

// The runtime's module is loaded with the first parse too, not by every process that bundles this file.
let runtime: Promise<typeof import('@vscode/tree-sitter-wasm')> | undefined;
// The runtime's compiled module, once this thread has compiled it (see Grammars.compiled).
let runtimeModule: WebAssembly.Module | undefined;

/** The name Grammars.compiled gives web-tree-sitter's own module (tree-sitter.wasm) beside the grammars'. */
export const RUNTIME_MODULE = 'tree-sitter';

/**
 * web-tree-sitter's init, with its module compiled on this thread through Emscripten's instantiateWasm hook (the
 * module's documented way to be handed an instance), so that it can be kept like the grammars' modules: its own
 * code tiers up in every corpus worker too. The relocated exports that Emscripten's callback returns are what
 * the hook must give back.
 */
async function initRuntime(dir: string): Promise<typeof import('@vscode/tree-sitter-wasm')> {
  const m = await import('@vscode/tree-sitter-wasm');
  const file = join(dir, 'tree-sitter.wasm');
  await m.Parser.init({
    locateFile: () => file,
    instantiateWasm: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => unknown) => {
      const module = new WebAssembly.Module(readFileSync(file));
      runtimeModule = module;
      return receive(new WebAssembly.Instance(module, imports), module);
    },
  } as Parameters<typeof m.Parser.init>[0]); // instantiateWasm is an Emscripten option the typings omit
  return m;
}

/**
 * How a grammar's WebAssembly is compiled. 'calling-thread' (the default): `new WebAssembly.Module` on the thread
 * that will parse. 'background': web-tree-sitter's own `WebAssembly.instantiate`, kept for bench/grammar-load.ts.
 * The asynchronous path waits for other languages: V8 (node 20) decodes and validates the module in a task on its
 * process-wide background threads, and that task queues behind the TurboFan jobs of the grammars already parsing.
 * Those jobs are long: a grammar's generated lexer is one huge function (PowerShell's largest is 372 KB of
 * WebAssembly, Bash's 162 KB, CSS's 74 KB), whose loop uses up V8's tiering budget within the first few tokens, and
 * TurboFan takes seconds on it.
 * Both paths validate the same bytes and compile nothing up front (lazy compilation), and the same functions tier up.
 * The runtime (tree-sitter.wasm) is loaded once per thread, the way of the first Grammars to parse there.
 */
export type GrammarCompile = 'calling-thread' | 'background';

// Loads run one at a time, so that only one replacement of WebAssembly.instantiate is ever in place.
let loading: Promise<unknown> = Promise.resolve();

/**
 * Language.load, with the grammar compiled on this thread. web-tree-sitter has no synchronous or precompiled load:
 * it calls `WebAssembly.instantiate(bytes, imports)` in a microtask of Language.load, so for that call, and only for
 * these bytes, the module is compiled and instantiated synchronously (what web-tree-sitter itself does for a module
 * it is given compiled). Any other caller in between reaches the real WebAssembly.instantiate.
 */
function loadOnThisThread(language: typeof Language, bytes: Uint8Array<ArrayBuffer>, compiled: (m: WebAssembly.Module) => void): Promise<Language> {
  const load = loading.then(async () => {
    const instantiate = WebAssembly.instantiate;
    const replacement = function (this: unknown, ...args: Parameters<typeof instantiate>) {
      const [source, imports] = args;
      if (source !== bytes) return Reflect.apply(instantiate, this, args);
      const module = new WebAssembly.Module(bytes);
      compiled(module);
      return Promise.resolve({ module, instance: new WebAssembly.Instance(module, imports) });
    };
    WebAssembly.instantiate = replacement as typeof instantiate;
    try {
      return await language.load(bytes);
    } finally {
      WebAssembly.instantiate = instantiate;
    }
  });
  loading = load.catch(() => undefined);
  return load;
}

export class Grammars {
  private readonly languages = new Map<string, Promise<Language>>();
  private readonly parsers = new Map<string, Parser>();
  private readonly modules = new Map<string, WebAssembly.Module>();

  constructor(readonly dir: string = grammarDir(), readonly compile: GrammarCompile = 'calling-thread') {}

  /**
   * The grammars this instance compiled, by name, and web-tree-sitter's own module (RUNTIME_MODULE) if this
   * thread compiled it. A thread that keeps them (postMessage carries a WebAssembly.Module within the process)
   * keeps V8's compiled and tiered-up code alive, and V8 reuses it when any thread of the process compiles the
   * same bytes again: the next corpus worker (see corpus-client.ts).
   */
  get compiled(): [string, WebAssembly.Module][] {
    return runtimeModule ? [[RUNTIME_MODULE, runtimeModule], ...this.modules] : [...this.modules];
  }

  /** Grammars loaded so far (lazily: one per language met). */
  get loaded(): string[] {
    return [...this.parsers.keys()];
  }

  /** A parser for a grammar, loading the runtime and the grammar on first use. */
  async parser(grammar: string): Promise<Parser> {
    const ready = this.parsers.get(grammar);
    if (ready) return ready;
    runtime ??= this.compile === 'background'
      ? import('@vscode/tree-sitter-wasm').then(async (m) => {
        await m.Parser.init({ locateFile: () => join(this.dir, 'tree-sitter.wasm') });
        return m;
      })
      : initRuntime(this.dir);
    const { Language, Parser } = await runtime;
    let language = this.languages.get(grammar);
    if (!language) {
      const file = join(this.dir, `tree-sitter-${grammar}.wasm`);
      language = Promise.resolve().then(() => {
        if (!existsSync(file)) throw new GrammarError(`the ${grammar} grammar is not shipped (${file} is missing)`);
        const bytes = readFileSync(file);
        return this.compile === 'background' ? Language.load(bytes) : loadOnThisThread(Language, bytes, (m) => this.modules.set(grammar, m));
      });
      this.languages.set(grammar, language);
    }
    const lang = await language;
    let parser = this.parsers.get(grammar);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(lang);
      this.parsers.set(grammar, parser);
    }
    return parser;
  }
}
