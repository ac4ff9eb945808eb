// Comments, string literals and identifiers of a parsed file, in document order (through the language's node
// types in core/code/data/languages.json). No keyword can come out: keywords are anonymous nodes in every grammar.
import type { CodeLanguage } from '../../core/code/languages';
import type { CodePart } from '../../core/code/source-report';
import type { Language, Node, Tree } from './grammars';

export interface Segment {
  part: CodePart;
  start: number; // UTF-16 offsets into the source, as web-tree-sitter reports them
  end: number;
  text: string;
  /** a Python docstring: documentation, kept whatever it looks like */
  docstring?: boolean;
}

type Kind = 'comment' | 'string' | 'stringText' | 'identifier';
const kindsCache = new WeakMap<Language, Map<string, { names: string[]; bySymbol: (Kind | undefined)[] }>>();

/**
 * The node types of a language by symbol id, so that one walk of the tree (in wasm) finds every node of
 * interest. Only named symbols count: TypeScript's `string` keyword is an anonymous token named like a node type.
 */
function kindsOf(language: Language, lang: CodeLanguage) {
  let perLang = kindsCache.get(language);
  if (!perLang) kindsCache.set(language, (perLang = new Map()));
  let k = perLang.get(lang.id);
  if (!k) {
    const byName = new Map<string, Kind>();
    for (const t of lang.comments) byName.set(t, 'comment');
    for (const t of lang.strings) byName.set(t, 'string');
    for (const t of lang.stringText) byName.set(t, 'stringText');
    for (const t of lang.identifiers) byName.set(t, 'identifier');
    const bySymbol: (Kind | undefined)[] = [];
    language.types.forEach((name, id) => {
      const kind = byName.get(name);
      if (kind && language.nodeTypeIsNamed(id)) bySymbol[id] = kind;
    });
    k = { names: [...byName.keys()], bySymbol };
    perLang.set(lang.id, k);
  }
  return k;
}

const QUOTES_START = /^[A-Za-z@$]{0,3}(?:"""|'''|"|'|`)/;
const QUOTES_END = /(?:"""|'''|"|'|`)@?$/;

function unquote(text: string): string {
  return text.replace(QUOTES_START, '').replace(QUOTES_END, '');
}

function isDocstring(node: Node): boolean {
  const statement = node.parent;
  if (!statement || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const holder = statement.parent?.type;
  return holder === 'module' || holder === 'block';
}

/** The segments of the wanted parts, sorted by start. */
export function extractSegments(tree: Tree, source: string, lang: CodeLanguage, parts: ReadonlySet<CodePart>): Segment[] {
  const kinds = kindsOf(tree.language, lang);
  const wantComments = parts.has('comments');
  const wantStrings = parts.has('strings') || (lang.docstrings === true && wantComments);
  const wantIdentifiers = parts.has('identifiers');
  const out: Segment[] = [];
  let comment: Segment | undefined;
  // Open string literals (a string can sit in another's interpolation): their text pieces, in order.
  const open: { node: Node; start: number; end: number; texts: string[] }[] = [];
  let lastIdentifierEnd = -1;

  const closeString = (s: (typeof open)[number]) => {
    // No text pieces: the whole literal is text (C# @"…", shell '…'), unless it only holds interpolations (f"{x}").
    const text = s.texts.length ? s.texts.join(' ') : lang.stringText.length && s.node.namedChildCount > 0 ? '' : unquote(source.slice(s.start, s.end));
    if (!text.trim()) return;
    const docstring = lang.docstrings === true && isDocstring(s.node);
    if (docstring ? !wantComments : !parts.has('strings')) return;
    out.push({ part: docstring ? 'comments' : 'strings', start: s.start, end: s.end, text, docstring });
  };

  for (const n of tree.rootNode.descendantsOfType(kinds.names)) {
    if (!n) continue;
    const kind = kinds.bySymbol[n.typeId];
    if (!kind) continue;
    const start = n.startIndex;
    while (open.length && open[open.length - 1]!.end <= start) closeString(open.pop()!);
    if (kind === 'comment') {
      if (!wantComments) continue;
      const end = n.endIndex;
      if (start === 0 && source.startsWith('#!')) continue; // a shebang
      const text = source.slice(start, end).replace(/^=begin\b|^=end\b/gm, '');
      // Line comments on consecutive lines are one comment (a license header is one block, and a sentence
      // wrapped over several lines stays one sentence).
      if (comment && /^[ \t]*\r?\n[ \t]*$/.test(source.slice(comment.end, start))) {
        comment.text += '\n' + text;
        comment.end = end;
      } else {
        comment = { part: 'comments', start, end, text };
        out.push(comment);
      }
    } else if (kind === 'string') {
      if (wantStrings) open.push({ node: n, start, end: n.endIndex, texts: [] });
    } else if (kind === 'stringText') {
      if (open.length) open[open.length - 1]!.texts.push(source.slice(start, n.endIndex));
    } else if (wantIdentifiers && start >= lastIdentifierEnd) { // not nested in another (CSS class_name > identifier)
      const end = n.endIndex;
      lastIdentifierEnd = end;
      if (end > start) out.push({ part: 'identifiers', start, end, text: source.slice(start, end) });
    }
  }
  while (open.length) closeString(open.pop()!);
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}
