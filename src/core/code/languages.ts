// The code languages Embedding Lens parses (pure). The table itself is data (data/languages.json), shared with
// scripts/build.mjs, which ships exactly the grammars it names.
import table from './data/languages.json';

export interface CodeLanguage {
  /** VS Code's language id; the key of embeddingLens.code.languages */
  id: string;
  label: string;
  /** the grammar file is tree-sitter-<grammar>.wasm */
  grammar: string;
  extensions: readonly string[];
  /** fenced code block tags that select this language */
  tags: readonly string[];
  /** tags of console sessions: only prompt lines are code, the rest is output */
  sessionTags?: readonly string[];
  comments: readonly string[];
  strings: readonly string[];
  /** children of a string node that hold its text (interpolations are left out); empty: strip the quotes */
  stringText: readonly string[];
  identifiers: readonly string[];
  /** bare string statements are documentation (Python) */
  docstrings?: boolean;
}

export const CODE_LANGUAGES: readonly CodeLanguage[] = table.languages;
export const CODE_LANGUAGE_IDS: readonly string[] = CODE_LANGUAGES.map((l) => l.id);

/** Grammar names in use (several languages may share one: C and C++). */
export const GRAMMARS: readonly string[] = [...new Set(CODE_LANGUAGES.map((l) => l.grammar))];

const byExtension = new Map<string, CodeLanguage>();
const byTag = new Map<string, { language: CodeLanguage; session: boolean }>();
for (const l of CODE_LANGUAGES) {
  for (const e of l.extensions) byExtension.set(e, l);
  for (const t of l.tags) byTag.set(t, { language: l, session: false });
  for (const t of l.sessionTags ?? []) byTag.set(t, { language: l, session: true });
}

export function languageById(id: string): CodeLanguage | undefined {
  return CODE_LANGUAGES.find((l) => l.id === id);
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The code language of a file, by its extension. */
export function languageOfPath(path: string): CodeLanguage | undefined {
  return byExtension.get(extensionOf(path));
}

export type DocFormat = 'markdown' | 'rst' | 'asciidoc';
const DOC_FORMATS: Record<string, DocFormat> = { md: 'markdown', markdown: 'markdown', mdx: 'markdown', rst: 'rst', adoc: 'asciidoc', asciidoc: 'asciidoc', asc: 'asciidoc' };

/** Prose formats whose code blocks go through the code extraction. */
export function docFormatOfPath(path: string): DocFormat | undefined {
  return DOC_FORMATS[extensionOf(path)];
}

/**
 * The language of a code block's tag (```python, .. code-block:: ts, [source,go]); `session` when the tag names a
 * console session (pycon, console). Tags are matched case-insensitively, with attributes such as {linenos} cut.
 */
export function languageOfTag(tag: string | undefined): { language: CodeLanguage; session: boolean } | undefined {
  if (!tag) return undefined;
  const t = tag.trim().toLowerCase().replace(/^\{?\.?/, '').replace(/[{,;].*$/, '').replace(/\}$/, '');
  return byTag.get(t);
}

/** Include globs for every extension that has a grammar (the default include grows these). */
export function codeIncludeGlob(): string {
  return `**/*.{${CODE_LANGUAGES.flatMap((l) => l.extensions).join(',')}}`;
}
