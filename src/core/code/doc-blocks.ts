// Code blocks in documentation (pure): fenced and indented blocks in Markdown (through markdown-it, the
// CommonMark parser), code directives and literal blocks in reStructuredText, source and listing blocks in
// AsciiDoc. The prose comes back with those lines blanked (line numbers and sentence ends unchanged), and each
// block with its language tag, so that its code goes through the same extraction as a source file.
import type MarkdownIt from 'markdown-it';
import type { DocFormat } from './languages';

export interface DocBlock {
  /** the block's language tag as written (```python → "python"); undefined when it has none */
  tag: string | undefined;
  code: string;
  /** Python doctest prompts found in an untagged reStructuredText block */
  doctest?: boolean;
  /** an untagged block that may be in this language (Sphinx highlights literal blocks as Python): used only if it parses without errors */
  guess?: string;
}

export interface SplitDoc {
  prose: string;
  blocks: DocBlock[];
}

let markdown: InstanceType<typeof MarkdownIt> | undefined;

/**
 * markdown-it on the first Markdown file with a code block: its tables take about 5 MB of every process that
 * loads it, and most runs (a text corpus, a vectors file) never parse Markdown.
 */
function loadMarkdownIt(): typeof MarkdownIt {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; the bundler inlines it
  return require('markdown-it') as typeof MarkdownIt;
}

/** The text with lines [from, to) of each range emptied (their newlines kept, so line numbers do not move). */
function blankLines(text: string, ranges: readonly [number, number][]): string {
  if (!ranges.length) return text;
  const lines = text.split('\n');
  for (const [from, to] of ranges) for (let n = from; n < to && n < lines.length; n++) lines[n] = '';
  return lines.join('\n');
}

function splitMarkdown(text: string): SplitDoc {
  // Most documents have no code at all: skip the parse.
  if (!text.includes('```') && !text.includes('~~~') && !/^(?: {4}|\t)\S/m.test(text)) return { prose: text, blocks: [] };
  markdown ??= new (loadMarkdownIt())('commonmark');
  const blocks: DocBlock[] = [];
  const ranges: [number, number][] = [];
  for (const token of markdown.parse(text, {})) {
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
      const info = token.type === 'fence' ? token.info.trim().split(/\s+/)[0] : '';
      blocks.push({ tag: info || undefined, code: token.content });
      ranges.push([token.map[0], token.map[1]]);
    }
  }
  return { prose: blankLines(text, ranges), blocks };
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => line.trim() === '';

/** The indented block after line `from` (blank lines inside it included), as [first, end) and its dedented text. */
function indentedBlock(lines: readonly string[], from: number, parentIndent: number): { end: number; code: string } {
  while (from < lines.length && isBlank(lines[from]!)) from++;
  let end = from;
  let last = from;
  while (end < lines.length && (isBlank(lines[end]!) || indentOf(lines[end]!) > parentIndent)) {
    if (!isBlank(lines[end]!)) last = end + 1;
    end++;
  }
  const body = lines.slice(from, last);
  const cut = Math.min(...body.filter((l) => !isBlank(l)).map(indentOf));
  return { end: last, code: body.map((l) => l.slice(Number.isFinite(cut) ? cut : 0)).join('\n') };
}

const RST_DIRECTIVE = /^(\s*)\.\.\s+(code-block|code|sourcecode|ipython|doctest|literalinclude|highlight)::\s*(.*)$/;
const RST_OPTION = /^\s+:[\w-]+:/;

function splitRst(text: string): SplitDoc {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  const ranges: [number, number][] = [];
  let defaultTag: string | undefined;
  const prose = [...lines];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const directive = RST_DIRECTIVE.exec(line);
    if (directive) {
      const [, indent, name, arg] = directive as unknown as [string, string, string, string];
      if (name === 'highlight') { defaultTag = arg.trim() || undefined; ranges.push([i, i + 1]); continue; }
      if (name === 'literalinclude') { ranges.push([i, i + 1]); continue; }
      let j = i + 1;
      while (j < lines.length && (RST_OPTION.test(lines[j]!) && indentOf(lines[j]!) > indent.length)) j++;
      const block = indentedBlock(lines, j, indent.length);
      const tag = name === 'doctest' ? 'pycon' : name === 'ipython' ? 'ipython' : arg.trim() || defaultTag;
      blocks.push({ tag: tag || undefined, code: block.code });
      ranges.push([i, Math.max(block.end, i + 1)]);
      i = Math.max(block.end, i + 1) - 1;
      continue;
    }
    // "Paragraph::" then an indented literal block (a lone "::" disappears; "text::" keeps one colon).
    if (/::\s*$/.test(line) && !/^\s*\.\.\s/.test(line)) {
      let j = i + 1;
      while (j < lines.length && isBlank(lines[j]!)) j++;
      if (j > i + 1 && j < lines.length && indentOf(lines[j]!) > indentOf(line)) {
        const block = indentedBlock(lines, j, indentOf(line));
        const code = block.code;
        blocks.push({ tag: defaultTag, code, doctest: /^\s*>>>/.test(code), ...(defaultTag ? {} : { guess: 'python' }) });
        prose[i] = line.replace(/\s*::\s*$/, /^\s*::\s*$/.test(line) ? '' : ':');
        ranges.push([i + 1, block.end]);
        i = block.end - 1;
        continue;
      }
    }
    // A doctest block: a paragraph that starts with ">>>".
    if (/^\s*>>>\s/.test(line) && (i === 0 || isBlank(lines[i - 1]!))) {
      let j = i;
      while (j < lines.length && !isBlank(lines[j]!)) j++;
      blocks.push({ tag: 'pycon', code: lines.slice(i, j).join('\n') });
      ranges.push([i, j]);
      i = j - 1;
    }
  }
  return { prose: blankLines(prose.join('\n'), ranges), blocks };
}

const ADOC_ATTRIBUTES = /^\[(source|listing|literal)?(?:\s*,\s*([^,\]\s]+))?[^\]]*\]\s*$/;
const ADOC_DELIMITER = /^(-{4,}|\.{4,}|`{3,})(.*)$/;

function splitAsciidoc(text: string): SplitDoc {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  const ranges: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const attrs = ADOC_ATTRIBUTES.exec(lines[i]!);
    const styled = attrs !== null && (attrs[1] !== undefined || attrs[2] !== undefined);
    let tag = styled && attrs![1] !== 'listing' && attrs![1] !== 'literal' ? attrs![2] : undefined;
    let j = styled ? i + 1 : i;
    if (styled && j < lines.length && /^\.\S/.test(lines[j]!)) j++; // a block title
    const open = ADOC_DELIMITER.exec(lines[j] ?? '');
    if (!open) continue;
    const fence = open[1]!;
    if (fence.startsWith('`')) tag = open[2]!.trim() || tag;
    else if (open[2]!.trim()) continue; // "---- text" is not a delimiter
    let k = j + 1;
    while (k < lines.length && lines[k]!.trimEnd() !== fence) k++;
    if (k >= lines.length) continue; // never closed: leave it as prose
    blocks.push({ tag: tag || undefined, code: lines.slice(j + 1, k).join('\n') });
    ranges.push([i, k + 1]);
    i = k;
  }
  return { prose: blankLines(text, ranges), blocks };
}

export function splitDoc(text: string, format: DocFormat): SplitDoc {
  switch (format) {
    case 'markdown': return splitMarkdown(text);
    case 'rst': return splitRst(text);
    case 'asciidoc': return splitAsciidoc(text);
  }
}

/** Python docstrings are reStructuredText by convention: their doctests and literal blocks are Python code. */
export function splitDocstring(text: string): SplitDoc {
  if (!text.includes('>>>') && !text.includes('::')) return { prose: text, blocks: [] };
  return splitRst(text);
}

const PROMPTS: Record<string, { prompt: RegExp; continuation?: RegExp }> = {
  python: { prompt: /^\s*>>> ?/, continuation: /^\s*\.\.\. ?/ },
  shellscript: { prompt: /^\s*(?:\(\S+\)\s*)?(?:[\w.@-]+(?::[^$#%\s]*)?\s*)?[$%#] /, continuation: /^\s*> / },
  powershell: { prompt: /^\s*PS(?: [^>\n]*)?> ?/ },
};

/** The code of a console session: prompt lines without their prompts; output lines are left out. */
export function sessionCode(code: string, languageId: string): string {
  const p = PROMPTS[languageId];
  if (!p) return code;
  const out: string[] = [];
  let inCommand = false;
  for (const line of code.split('\n')) {
    const m = p.prompt.exec(line);
    if (m) { out.push(line.slice(m[0].length)); inCommand = true; continue; }
    const c = inCommand && p.continuation ? p.continuation.exec(line) : null;
    if (c) { out.push(line.slice(c[0].length)); continue; }
    inCommand = false;
    out.push(''); // output: keep the line count, drop the text
  }
  return out.join('\n');
}

/** True when most non-blank lines of a block start with a prompt of this language's console. */
export function looksLikeSession(code: string, languageId: string): boolean {
  const p = PROMPTS[languageId];
  if (!p) return false;
  const lines = code.split('\n').filter((l) => l.trim());
  return lines.length > 0 && p.prompt.test(lines[0]!);
}
