// evaluateAnalogies in slices, awaiting `pause` between them, so a 19,544-question file never blocks the
// calling thread (the extension host) for long. Same results as one call: sections are split only at
// question lines and merged back in order. Pure: no `vscode` import.
import { evaluateAnalogies, type AnalogyOptions, type AnalogyReport, type AnalogySection, type Totals } from './evaluate';
import type { Embeddings } from './vectors';

function totals(sections: AnalogySection[]): Totals {
  let correct = 0, answered = 0, skipped = 0;
  for (const s of sections) { correct += s.correct; answered += s.answered; skipped += s.skipped; }
  return { correct, answered, skipped, accuracy: answered ? correct / answered : 0 };
}

/** Splits an analogy file into pieces of at most `lines` question lines, each repeating its section header. */
export function splitAnalogyFile(text: string, lines: number): string[] {
  const out: string[] = [];
  let header: string | undefined;
  let buf: string[] = [];
  let count = 0;
  const flush = () => {
    if (count > 0) out.push([...(header !== undefined ? [header] : []), ...buf].join('\n'));
    buf = [];
    count = 0;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line.startsWith(':')) { flush(); header = line; continue; }
    buf.push(line);
    if (line !== '' && !line.startsWith('#')) count++;
    if (count >= lines) flush();
  }
  flush();
  return out;
}

export async function evaluateAnalogiesChunked(
  emb: Embeddings, fileText: string, opts: AnalogyOptions & { chunkLines?: number; pause?: () => Promise<void> } = {},
): Promise<AnalogyReport> {
  const keep = opts.keepFailures ?? 0;
  const sections: AnalogySection[] = [];
  let invalidLines = 0;
  for (const piece of splitAnalogyFile(fileText, opts.chunkLines ?? 200)) {
    const r = evaluateAnalogies(emb, piece, opts);
    invalidLines += r.invalidLines;
    for (const s of r.sections) {
      const last = sections.at(-1);
      if (last && last.name === s.name) { // the same section continued in the next piece
        last.correct += s.correct;
        last.answered += s.answered;
        last.skipped += s.skipped;
        if (last.failures && s.failures) last.failures.push(...s.failures.slice(0, Math.max(0, keep - last.failures.length)));
      } else {
        sections.push({ ...s, ...(s.failures ? { failures: [...s.failures] } : {}) });
      }
    }
    if (opts.pause) await opts.pause();
  }
  const syntactic = sections.filter((s) => s.name.startsWith('gram'));
  const semantic = sections.filter((s) => !s.name.startsWith('gram'));
  return { sections, semantic: totals(semantic), syntactic: totals(syntactic), all: totals(sections), invalidLines };
}
