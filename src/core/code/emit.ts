// Turns extracted comments, strings and identifiers into training tokens (pure). Prose (comments, docstrings,
// prose-like strings) goes through the one tokenizer, except words written like identifiers (get_user, HTTPAdapter),
// which become identifier tokens as in code; identifiers give their whole form and their parts
// (identifier.ts identifierTokens). A blank line in the source ends a sentence.
import { detach } from '../detach';
import { scanTokens } from '../tokenize';
import { identifierTokens, looksLikeIdentifier, wholeIdentifierWord } from './identifier';
import type { StopList } from './stop-lists';

export interface TokenTarget {
  addToken(token: string): void;
  sentenceBreak(): void;
  readonly tokensSeen: number;
}

export interface EmitOptions {
  lowercase: boolean;
  keepHyphens: boolean;
}

const MAYBE_IDENTIFIER = /_|[\p{Ll}\p{N}]\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
const WORD_RUN = /[\p{L}\p{M}\p{N}_]+/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;
// Bash words, PowerShell parameters and the like that are paths, assignments or options with values.
const NOT_AN_IDENTIFIER = /[\s/\\=,;'"`()[\]{}<>|&*?]|^\W*$/u;
const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const STOPPED = 'stopped';
const NOT_IDENTIFIER = 'not-identifier';

export class TokenEmitter {
  stopListed = 0;

  constructor(private readonly target: TokenTarget, private readonly options: EmitOptions) {}

  /** Prose: each line with words continues the sentence; a line without any (blank, or only "*" / "#") ends it. */
  prose(text: string, stop?: ReadonlySet<string>): void {
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length) this.paragraph(paragraph.join(' '), stop);
      paragraph = [];
      this.target.sentenceBreak();
    };
    for (const line of text.split('\n')) {
      if (HAS_WORD.test(line)) paragraph.push(line);
      else flush();
    }
    if (paragraph.length) this.paragraph(paragraph.join(' '), stop);
  }

  /**
   * The prose of a document (Markdown, reStructuredText, AsciiDoc): one sentence a line, as CorpusBuilder.addText
   * makes them and with the same tokens, except that words written like identifiers become identifier tokens.
   */
  lines(text: string): void {
    for (const line of text.split('\n')) {
      if (HAS_WORD.test(line)) this.paragraph(line, undefined);
      this.target.sentenceBreak();
    }
  }

  private paragraph(text: string, stop: ReadonlySet<string> | undefined): void {
    if (!MAYBE_IDENTIFIER.test(text)) { this.words(text, stop); return; }
    let last = 0;
    for (const m of text.matchAll(WORD_RUN)) {
      if (!looksLikeIdentifier(m[0])) continue;
      this.words(text.slice(last, m.index), stop);
      for (const t of identifierTokens(m[0].replace(/^_+|_+$/g, ''), this.options.lowercase)) this.target.addToken(t);
      last = m.index! + m[0].length;
    }
    this.words(text.slice(last), stop);
  }

  private words(text: string, stop: ReadonlySet<string> | undefined): void {
    if (!text) return;
    const s = this.options.lowercase ? text.toLowerCase() : text;
    scanTokens(s, 0, s.length, this.options.keepHyphens, (t) => {
      if (stop?.has(t.toLowerCase())) this.stopListed++;
      else this.target.addToken(t);
    });
  }

  /** An identifier as written in code; false when it was left out (stop-listed, or not an identifier at all). */
  identifier(raw: string, stop: StopList): boolean {
    let decided = this.decided.get(stop)?.get(raw);
    if (decided === undefined) {
      decided = this.decide(raw, stop);
      let perList = this.decided.get(stop);
      if (!perList) this.decided.set(stop, (perList = new Map()));
      if (perList.size > 200_000) perList.clear();
      perList.set(detach(raw), decided); // raw is cut from the file's text
    }
    if (decided === STOPPED) this.stopListed++;
    if (typeof decided === 'string') return false;
    for (const t of decided) this.target.addToken(t);
    return true;
  }

  // Identifiers repeat a lot: each is decided once per stop list.
  private readonly decided = new Map<StopList, Map<string, readonly string[] | typeof STOPPED | typeof NOT_IDENTIFIER>>();

  private decide(raw: string, stop: StopList): readonly string[] | typeof STOPPED | typeof NOT_IDENTIFIER {
    if (raw.length > 200 || NOT_AN_IDENTIFIER.test(raw) || !HAS_WORD.test(raw)) return NOT_IDENTIFIER;
    const lower = raw.toLowerCase();
    const whole = wholeIdentifierWord(raw);
    if (stop.identifiers.has(lower) || stop.identifiers.has(lower.replace(EDGES, '')) || (whole !== undefined && stop.identifiers.has(whole))) return STOPPED;
    return identifierTokens(raw, this.options.lowercase);
  }

  sentenceBreak(): void {
    this.target.sentenceBreak();
  }
}
