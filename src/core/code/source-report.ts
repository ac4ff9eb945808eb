// What a model learned from (pure): files and tokens per language and per part, and what was left out and why.
// Stored in the model file's header (extra.learnedFrom) and shown in the training summary and the sidebar.

export const CODE_PARTS = ['comments', 'strings', 'identifiers'] as const;
export type CodePart = (typeof CODE_PARTS)[number];
export type PartTokens = Record<CodePart, number>;

export interface LanguageSource {
  id: string;
  label: string;
  files: number;
  bytes: number;
  tokens: PartTokens;
}

export interface LearnedFrom {
  /** code extraction as configured for the run */
  code: { enabled: boolean; parts: CodePart[] };
  /** prose files (Markdown, reStructuredText, text…): their prose, without their code blocks */
  prose: { files: number; bytes: number; tokens: number };
  /** source files, per language (only languages with files) */
  languages: LanguageSource[];
  /** code blocks in prose files and docstrings, by language tag */
  docBlocks: { blocks: number; byLanguage: Record<string, number>; noGrammar: number; tokens: PartTokens };
  /** files left out, by reason (binary, tooLarge, lockfile, generated, vendored, codeOff, languageOff, …) */
  skipped: Record<string, number>;
  /** text left out inside the files used */
  dropped: { stopListed: number; codeLikeStrings: number; repeatedComments: number };
}

export function emptyPartTokens(): PartTokens {
  return { comments: 0, strings: 0, identifiers: 0 };
}

export function partTotal(t: PartTokens): number {
  return t.comments + t.strings + t.identifiers;
}

export function emptyLearnedFrom(code: LearnedFrom['code']): LearnedFrom {
  return {
    code,
    prose: { files: 0, bytes: 0, tokens: 0 },
    languages: [],
    docBlocks: { blocks: 0, byLanguage: {}, noGrammar: 0, tokens: emptyPartTokens() },
    skipped: {},
    dropped: { stopListed: 0, codeLikeStrings: 0, repeatedComments: 0 },
  };
}

const SKIP_LABELS: Record<string, string> = {
  binary: 'binary', tooLarge: 'too large', invalidUtf8: 'invalid UTF-8', unreadable: 'unreadable', gitignored: 'in .gitignore',
  excluded: 'excluded', lockfile: 'lockfiles', generated: 'generated', vendored: 'vendored or build output',
  codeOff: 'source (code off)', languageOff: 'language off', parseFailed: 'could not be parsed',
};

export function skipLabel(reason: string): string {
  return SKIP_LABELS[reason] ?? reason;
}

/** Short plain-text lines: "Python: 37 files, 52,000 tokens (comments 12,000, strings 3,000, identifiers 37,000)". */
export function describeLearnedFrom(r: LearnedFrom, count: (n: number) => string = (n) => n.toLocaleString('en')): string[] {
  const lines: string[] = [];
  const parts = (t: PartTokens) => CODE_PARTS.filter((p) => t[p] > 0).map((p) => `${p} ${count(t[p])}`).join(', ');
  for (const l of [...r.languages].sort((a, b) => partTotal(b.tokens) - partTotal(a.tokens))) {
    lines.push(`${l.label}: ${count(l.files)} file${l.files === 1 ? '' : 's'}, ${count(partTotal(l.tokens))} tokens${partTotal(l.tokens) ? ` (${parts(l.tokens)})` : ''}`);
  }
  if (r.prose.files) lines.push(`prose: ${count(r.prose.files)} file${r.prose.files === 1 ? '' : 's'}, ${count(r.prose.tokens)} tokens`);
  if (r.docBlocks.blocks) {
    const langs = Object.entries(r.docBlocks.byLanguage).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${count(v)}`).join(', ');
    lines.push(`code blocks in docs: ${count(r.docBlocks.blocks)}${langs ? ` (${langs})` : ''}, ${count(partTotal(r.docBlocks.tokens))} tokens` +
      `${r.docBlocks.noGrammar ? `; ${count(r.docBlocks.noGrammar)} without a known language left out` : ''}`);
  }
  const skipped = Object.entries(r.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${count(n)} ${skipLabel(k)}`);
  if (skipped.length) lines.push(`skipped files: ${skipped.join(', ')}`);
  const d = r.dropped;
  const dropped = [d.stopListed && `${count(d.stopListed)} stop-listed identifiers and markup words`, d.codeLikeStrings && `${count(d.codeLikeStrings)} strings that look like code or data`,
    d.repeatedComments && `${count(d.repeatedComments)} repeated comment blocks`].filter(Boolean);
  if (dropped.length) lines.push(`left out: ${dropped.join(', ')}`);
  return lines;
}

/** A learnedFrom read back from a model file or the index, checked field by field (it is untrusted JSON). */
export function parseLearnedFrom(v: unknown): LearnedFrom | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Partial<LearnedFrom>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);
  const str = (x: unknown, max = 100) => (typeof x === 'string' ? x.slice(0, max) : '');
  const part = (t: unknown): PartTokens => {
    const p = (typeof t === 'object' && t !== null ? t : {}) as Partial<PartTokens>;
    return { comments: num(p.comments), strings: num(p.strings), identifiers: num(p.identifiers) };
  };
  const counts = (x: unknown): Record<string, number> => {
    const out: Record<string, number> = {};
    if (typeof x === 'object' && x !== null) for (const [k, n] of Object.entries(x).slice(0, 50)) if (/^[\w#+.-]{1,40}$/.test(k)) out[k] = num(n);
    return out;
  };
  if (typeof o.prose !== 'object' || !Array.isArray(o.languages)) return undefined;
  const code = (o.code ?? {}) as Partial<LearnedFrom['code']>;
  return {
    code: { enabled: code.enabled === true, parts: (Array.isArray(code.parts) ? code.parts : []).filter((p): p is CodePart => (CODE_PARTS as readonly string[]).includes(p as string)) },
    prose: { files: num(o.prose?.files), bytes: num(o.prose?.bytes), tokens: num(o.prose?.tokens) },
    languages: o.languages.slice(0, 50).map((l) => ({ id: str(l?.id, 40), label: str(l?.label, 40), files: num(l?.files), bytes: num(l?.bytes), tokens: part(l?.tokens) })),
    docBlocks: { blocks: num(o.docBlocks?.blocks), byLanguage: counts(o.docBlocks?.byLanguage), noGrammar: num(o.docBlocks?.noGrammar), tokens: part(o.docBlocks?.tokens) },
    skipped: counts(o.skipped),
    dropped: { stopListed: num(o.dropped?.stopListed), codeLikeStrings: num(o.dropped?.codeLikeStrings), repeatedComments: num(o.dropped?.repeatedComments) },
  };
}
