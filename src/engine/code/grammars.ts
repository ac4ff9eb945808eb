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

export class Grammars {
  private readonly languages = new Map<string, Promise<Language>>();
  private readonly parsers = new Map<string, Parser>();

  constructor(readonly dir: string = grammarDir()) {}

  /** Grammars loaded so far (lazily: one per language met). */
  get loaded(): string[] {
    return [...this.parsers.keys()];
  }

  /** A parser for a grammar, loading the runtime and the grammar on first use. */
  async parser(grammar: string): Promise<Parser> {
    const ready = this.parsers.get(grammar);
    if (ready) return ready;
    runtime ??= import('@vscode/tree-sitter-wasm').then(async (m) => {
      await m.Parser.init({ locateFile: () => join(this.dir, 'tree-sitter.wasm') });
      return m;
    });
    const { Language, Parser } = await runtime;
    let language = this.languages.get(grammar);
    if (!language) {
      const file = join(this.dir, `tree-sitter-${grammar}.wasm`);
      language = Promise.resolve().then(() => {
        if (!existsSync(file)) throw new GrammarError(`the ${grammar} grammar is not shipped (${file} is missing)`);
        return Language.load(readFileSync(file));
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
