// Reads one file after another into a CorpusBuilder: prose files through the tokenizer, source files through
// their tree-sitter grammar (comments and docstrings, prose-like strings, identifiers), and the code blocks of
// Markdown, reStructuredText and AsciiDoc files (and of Python docstrings) through the grammar of their tag.
// Used by the corpus worker (the extension) and by the CLI, so both learn from exactly the same tokens.
import { CorpusBuilder } from '../core/corpus';
import { resolveMinCount } from '../core/auto-params';
import { decodeText } from '../core/text-detect';
import type { TokenizerOptions } from '../core/tokenize';
import { splitDoc, splitDocstring, sessionCode, type DocBlock } from '../core/code/doc-blocks';
import { TokenEmitter } from '../core/code/emit';
import { docFormatOfPath, languageOfPath, languageOfTag, languageById, type CodeLanguage } from '../core/code/languages';
import { isProseString } from '../core/code/prose-string';
import { declaresGenerated, looksMinified } from '../core/code/skip-rules';
import { CODE_PARTS, emptyLearnedFrom, emptyPartTokens, type CodePart, type LearnedFrom, type PartTokens } from '../core/code/source-report';
import { stopList } from '../core/code/stop-lists';
import { extractSegments, type Segment } from './code/extract';
import { Grammars } from './code/grammars';

export interface CodeOptions {
  enabled: boolean;
  parts: readonly CodePart[];
  /** language id -> on; a language that is not listed is on */
  languages?: Readonly<Record<string, boolean>>;
}

export const DEFAULT_CODE_OPTIONS: CodeOptions = { enabled: true, parts: CODE_PARTS };

export interface ProcessorOptions {
  tokenizer: TokenizerOptions;
  code: CodeOptions;
  grammarDir?: string;
}

export type FileSkip = 'binary' | 'invalidUtf8' | 'generated' | 'parseFailed' | 'codeOff' | 'languageOff';
export type FileOutcome = { used: true } | { used: false; reason: FileSkip };

const REPEAT_MIN_CHARS = 60;
const REPEAT_MEMORY = 100_000;
const MAX_NESTING = 2;

/** True when source[from, to) holds a blank line (as /\n[ \t\r]*\n/ on the slice, without cutting it out). */
function hasBlankLine(source: string, from: number, to: number): boolean {
  let i = source.indexOf('\n', from);
  while (i >= 0 && i < to) {
    let j = i + 1;
    while (j < to) {
      const c = source.charCodeAt(j);
      if (c !== 32 && c !== 9 && c !== 13) break;
      j++;
    }
    if (j < to && source.charCodeAt(j) === 10) return true;
    i = source.indexOf('\n', j);
  }
  return false;
}

export class CorpusProcessor {
  readonly builder: CorpusBuilder;
  readonly learned: LearnedFrom;
  private readonly emitter: TokenEmitter;
  private readonly parts: ReadonlySet<CodePart>;
  private grammars: Grammars | undefined;
  private readonly comments = new Set<string>();
  private readonly languageRows = new Map<string, LearnedFrom['languages'][number]>();

  /** `grammars`: share loaded grammars between processors (benchmarks, tests). */
  constructor(private readonly options: ProcessorOptions, grammars?: Grammars) {
    this.grammars = grammars;
    this.builder = new CorpusBuilder(options.tokenizer);
    this.parts = new Set(options.code.parts);
    this.learned = emptyLearnedFrom({ enabled: options.code.enabled, parts: CODE_PARTS.filter((p) => this.parts.has(p)) });
    this.emitter = new TokenEmitter(this.builder, { lowercase: options.tokenizer.lowercase !== false, keepHyphens: options.tokenizer.hyphens !== 'split' });
  }

  /** Grammars loaded so far (they load lazily, on the first file of their language). */
  /** The grammars this processor's Grammars compiled (Grammars.compiled). */
  get compiledGrammars(): [string, WebAssembly.Module][] {
    return this.grammars?.compiled ?? [];
  }

  get grammarsLoaded(): string[] {
    return this.grammars?.loaded ?? [];
  }

  /** Stop-listed identifiers and markup words so far. */
  get stopListed(): number {
    return this.emitter.stopListed;
  }

  /** True when this file would be parsed as source (by its name and the settings). */
  isCode(path: string): boolean {
    return this.options.code.enabled && languageOfPath(path) !== undefined;
  }

  /** Decodes and adds one file; `path` only picks the language ("/"-separated). */
  async addFile(path: string, bytes: Uint8Array): Promise<FileOutcome> {
    const decided = decodeText(bytes);
    if (decided.kind === 'binary') return this.skip('binary');
    if (decided.kind === 'invalid-utf8') return this.skip('invalidUtf8');
    return this.addText(path, decided.text, bytes.length);
  }

  async addText(path: string, text: string, bytes = text.length): Promise<FileOutcome> {
    const code = this.options.code;
    const language = languageOfPath(path);
    if (language) {
      if (!code.enabled) return this.skip('codeOff');
      if (code.languages?.[language.id] === false) return this.skip('languageOff');
      if (declaresGenerated(text) || looksMinified(text)) return this.skip('generated');
      const row = this.row(language);
      const ok = await this.code(text, language, row.tokens, 0);
      if (!ok) return this.skip('parseFailed');
      row.files++;
      row.bytes += bytes;
      return { used: true };
    }
    const format = code.enabled ? docFormatOfPath(path) : undefined;
    const seen = this.builder.tokensSeen;
    if (format) {
      const doc = splitDoc(text, format);
      this.builder.sentenceBreak();
      this.emitter.lines(doc.prose); // `HTTPAdapter` in a README is the same word as in the code
      this.learned.prose.tokens += this.builder.tokensSeen - seen;
      await this.blocks(doc.blocks, 0);
    } else {
      this.builder.addText(text);
      this.learned.prose.tokens += this.builder.tokensSeen - seen;
    }
    this.learned.prose.files++;
    this.learned.prose.bytes += bytes;
    return { used: true };
  }

  /** Builds the vocabulary (min-count from the setting, 0 = automatic) and the encoded corpus on a shared buffer. */
  finish(minCountSetting: number, maxSize?: number) {
    this.builder.end();
    const tokensSeen = this.builder.tokensSeen;
    const minCount = resolveMinCount(minCountSetting, tokensSeen);
    const { vocab, corpus } = this.builder.finish({ minCount, maxSize, shared: true });
    this.learned.dropped.stopListed = this.emitter.stopListed;
    return { vocab, corpus, minCount, tokensSeen, learned: this.learned };
  }

  private skip(reason: FileSkip): FileOutcome {
    this.learned.skipped[reason] = (this.learned.skipped[reason] ?? 0) + 1;
    return { used: false, reason };
  }

  private row(language: CodeLanguage) {
    let row = this.languageRows.get(language.id);
    if (!row) {
      row = { id: language.id, label: language.label, files: 0, bytes: 0, tokens: emptyPartTokens() };
      this.languageRows.set(language.id, row);
      this.learned.languages.push(row);
    }
    return row;
  }

  /**
   * Code blocks of a document (counted as "code blocks in docs"), or of a docstring (counted with its file, where
   * a block without a tag is in the docstring's language).
   */
  private async blocks(blocks: readonly DocBlock[], depth: number, into?: { counts: PartTokens; language: CodeLanguage }): Promise<void> {
    for (const b of blocks) {
      const guessed = !b.tag && b.guess ? languageById(b.guess) : undefined;
      const found = b.doctest ? { language: languageById('python')!, session: true }
        : languageOfTag(b.tag) ?? (into && !b.tag ? { language: into.language, session: false } : guessed && { language: guessed, session: false });
      if (!found || this.options.code.languages?.[found.language.id] === false) {
        if (!into) this.learned.docBlocks.noGrammar++;
        continue;
      }
      const source = found.session ? sessionCode(b.code, found.language.id) : b.code;
      const ok = await this.code(source, found.language, into?.counts ?? this.learned.docBlocks.tokens, depth + 1, found.language === guessed);
      if (!ok && found.language === guessed && !into) this.learned.docBlocks.noGrammar++;
      if (ok && !into) {
        this.learned.docBlocks.blocks++;
        const by = this.learned.docBlocks.byLanguage;
        by[found.language.id] = (by[found.language.id] ?? 0) + 1;
      }
    }
  }

  /** Parses source code and emits its parts; false when it could not be parsed. */
  private async code(source: string, language: CodeLanguage, counts: PartTokens, depth: number, onlyIfClean = false): Promise<boolean> {
    if (depth > MAX_NESTING) return true;
    this.grammars ??= new Grammars(this.options.grammarDir);
    const parser = await this.grammars.parser(language.grammar);
    const tree = parser.parse(source);
    if (!tree) return false;
    let segments: Segment[];
    if (onlyIfClean && tree.rootNode.hasError) {
      tree.delete();
      return false; // a guessed language that does not fit
    }
    try {
      segments = extractSegments(tree, source, language, this.parts);
    } finally {
      tree.delete();
    }
    const stop = stopList(language.id);
    const docstringBlocks: DocBlock[] = [];
    let previousEnd = 0;
    for (const s of segments) {
      if (hasBlankLine(source, previousEnd, s.start)) this.emitter.sentenceBreak();
      previousEnd = Math.max(previousEnd, s.end);
      const before = this.builder.tokensSeen;
      if (s.part === 'identifiers') {
        this.emitter.identifier(s.text, stop);
      } else if (s.part === 'comments') {
        if (this.repeated(s.text)) continue;
        if (s.docstring) {
          const doc = splitDocstring(s.text);
          this.emitter.prose(doc.prose, stop.comments);
          docstringBlocks.push(...doc.blocks);
        } else {
          this.emitter.prose(s.text, stop.comments);
        }
      } else if (isProseString(s.text)) {
        this.emitter.prose(s.text);
      } else {
        this.learned.dropped.codeLikeStrings++;
      }
      counts[s.part] += this.builder.tokensSeen - before;
    }
    this.emitter.sentenceBreak();
    // Doctests and literal blocks in docstrings are code too (counted with the file).
    if (docstringBlocks.length) await this.blocks(docstringBlocks, depth, { counts, language });
    return true;
  }

  /** A long comment already seen in another place (license headers): left out after its first time. */
  private repeated(text: string): boolean {
    // The key is never more than twice as long as the text (lowercasing İ gives two code units): skip short ones.
    if (text.length * 2 < REPEAT_MIN_CHARS) return false;
    const key = text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase();
    if (key.length < REPEAT_MIN_CHARS) return false;
    if (this.comments.has(key)) {
      this.learned.dropped.repeatedComments++;
      return true;
    }
    if (this.comments.size < REPEAT_MEMORY) this.comments.add(key);
    return false;
  }
}
