// Reading TensorFlow Projector TSV (pure): vectors.tsv, one row of tab-separated values per line and no
// header, streamed (see stream.ts); and metadata.tsv, one label per line, or, when it has several columns, a
// header row naming them and the label taken from one column (the Projector's own rule). Contextual
// embeddings (e.g. DeBERTa's, one row per occurrence) repeat labels: the second "bank" becomes "bank#2".
// Errors are VectorFileErrors naming the file and the line, like the other formats'.
import { VectorFileError } from './errors';
import { checkDim, firstInvalidUtf8 } from './shared';
import { MAX_LINE_BYTES, RowStore, WindowReader, type ParsedVectors, type StreamOptions } from './stream';

export interface ProjectorMetadata {
  /** the header row's column names, when the file has one */
  columns?: string[];
  /** the chosen column's values, one per vectors.tsv row, made unique */
  labels: string[];
  /** how many repeated labels were numbered ("bank#2") */
  renamed: number;
  /** the column the labels came from (index) */
  column: number;
}

export interface MetadataOptions {
  /** the label column: an index, or a header name; default: the first */
  column?: number | string;
  /**
   * Whether the first line is a header row; by default, when there are several columns (the Projector's rule:
   * a one-column file has none; the command asks when it has exactly one line more than vectors.tsv has rows).
   */
  header?: boolean;
  /** the file's name in messages */
  name?: string;
}

function lines(bytes: Uint8Array, name: string): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out: string[] = [];
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (pos < bytes.length) {
    let nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) nl = bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(pos, nl));
    } catch {
      const at = firstInvalidUtf8(bytes, pos, nl);
      throw new VectorFileError(`line ${out.length + 1} of ${name}: invalid UTF-8 at byte offset ${at}`, { line: out.length + 1, offset: at });
    }
    out.push(text.endsWith('\r') ? text.slice(0, -1) : text);
    pos = nl + 1;
  }
  return out;
}

/** The lines of a metadata file, without the blank lines at its end (extra newlines, not rows). */
function metadataLines(bytes: Uint8Array, name: string): string[] {
  const all = lines(bytes, name);
  while (all.length > 0 && all[all.length - 1].trim() === '') all.pop();
  return all;
}

function hasHeader(all: string[], options: MetadataOptions): boolean {
  return options.header ?? (all[0] ?? '').split('\t').length > 1;
}

/** The columns of a metadata file's first line (for choosing the label column before loading). */
export function metadataColumns(bytes: Uint8Array, options: Pick<MetadataOptions, 'header' | 'name'> = {}): { columns: string[]; header: boolean; rows: number } {
  const all = metadataLines(bytes, options.name ?? 'metadata.tsv');
  const cells = (all[0] ?? '').split('\t');
  const header = hasHeader(all, options);
  return { columns: header ? cells.map((c) => c.trim()) : cells.map((_, i) => `column ${i + 1}`), header, rows: all.length - (header ? 1 : 0) };
}

export function parseProjectorMetadata(bytes: Uint8Array, options: MetadataOptions = {}): ProjectorMetadata {
  const name = options.name ?? 'metadata.tsv';
  const all = metadataLines(bytes, name);
  if (all.length === 0) throw new VectorFileError(`line 1 of ${name}: empty file`, { line: 1 });
  const firstCells = all[0].split('\t');
  const header = hasHeader(all, options);
  const columns = header ? firstCells.map((c) => c.trim()) : undefined;
  let column = 0;
  if (typeof options.column === 'number') column = options.column;
  else if (typeof options.column === 'string') {
    column = columns ? columns.indexOf(options.column) : -1;
    if (column < 0) throw new VectorFileError(`line 1 of ${name}: no column "${options.column}" (the header names ${columns ? columns.map((c) => `"${c}"`).join(', ') : 'no columns: the file has no header row'})`, { line: 1 });
  }
  const width = firstCells.length;
  if (!Number.isInteger(column) || column < 0 || column >= width) {
    throw new VectorFileError(`line 1 of ${name}: column ${column + 1} does not exist (the file has ${width})`, { line: 1 });
  }
  // (an empty line between rows is a row, with an empty label)
  const raw: string[] = [];
  for (let i = header ? 1 : 0; i < all.length; i++) {
    const lineNo = i + 1;
    const text = all[i];
    const cells = width === 1 ? [text] : text.split('\t');
    if (cells.length !== width) {
      throw new VectorFileError(`line ${lineNo} of ${name}: ${cells.length} columns, but ${header ? 'the header row has' : 'line 1 has'} ${width}`, { line: lineNo });
    }
    const label = cells[column].trim();
    if (label === '') throw new VectorFileError(`line ${lineNo} of ${name}: empty label${columns ? ` in column "${columns[column]}"` : ''}`, { line: lineNo });
    raw.push(label);
  }
  // Repeated labels get "#2", "#3", ... (never a label the file itself uses).
  const taken = new Set(raw);
  const seen = new Map<string, number>();
  let renamed = 0;
  const labels = raw.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    if (n === 1) return l;
    let k = n;
    while (taken.has(`${l}#${k}`)) k++;
    const unique = `${l}#${k}`;
    taken.add(unique);
    seen.set(l, k);
    renamed++;
    return unique;
  });
  return { ...(columns ? { columns } : {}), labels, renamed, column };
}

/**
 * vectors.tsv, streamed: every non-blank line a row of `dim` tab-separated numbers (dim from the first),
 * labelled in order by `labels` (metadata.tsv's). The row count must match the labels'.
 */
export class ProjectorVectorsReader extends WindowReader {
  private lineNo = 0;
  private dim = -1;
  private store: RowStore | undefined;
  private readonly words: string[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly limit: number;
  private complete = false;

  constructor(private readonly options: StreamOptions & { labels: readonly string[]; name?: string; metadataName?: string }) {
    super(options.windowBytes);
    this.limit = Math.min(options.labels.length, options.maxWords ?? Infinity);
  }

  get rows(): number {
    return this.words.length;
  }

  shape(): { rows?: number; dim?: number } {
    return { rows: this.options.labels.length, ...(this.dim >= 0 ? { dim: this.dim } : {}) };
  }

  private get name(): string {
    return this.options.name ?? 'vectors.tsv';
  }

  protected tooLong(): VectorFileError {
    const line = this.lineNo + 1;
    return new VectorFileError(`line ${line} of ${this.name}: longer than ${MAX_LINE_BYTES / 2 ** 20} MB (not a vectors file?)`, { line });
  }

  protected parse(buf: Uint8Array, end: number, final: boolean): number {
    const window = buf.subarray(0, end);
    let p = 0;
    while (p < end && !this.complete) {
      let nl = window.indexOf(0x0a, p);
      if (nl < 0) {
        if (!final) return p;
        nl = end;
      }
      this.line(buf, p, nl);
      p = nl + 1;
    }
    if (final && !this.complete) this.finish();
    return Math.min(p, end);
  }

  private line(buf: Uint8Array, from: number, to: number): void {
    const lineNo = ++this.lineNo;
    let start = from;
    if (this.base + from === 0 && to - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf) start += 3;
    let text: string;
    try {
      text = this.decoder.decode(buf.subarray(start, to));
    } catch {
      const at = this.base + firstInvalidUtf8(buf, start, to);
      throw new VectorFileError(`line ${lineNo} of ${this.name}: invalid UTF-8 at byte offset ${at}`, { line: lineNo, offset: at });
    }
    const t = text.trim();
    if (t === '') return;
    const cells = t.split('\t');
    if (this.dim < 0) {
      this.dim = cells.length;
      checkDim(this.dim, { line: lineNo });
      this.store = new RowStore(this.dim, Math.max(1, this.limit), this.options.allocate, true);
    }
    const r = this.words.length;
    if (r >= this.options.labels.length) {
      throw new VectorFileError(`line ${lineNo} of ${this.name}: more rows than the ${this.options.labels.length} labels of ${this.options.metadataName ?? 'metadata.tsv'}`, { line: lineNo });
    }
    if (cells.length !== this.dim) {
      throw new VectorFileError(`line ${lineNo} of ${this.name}: ${cells.length} values, but the first row has ${this.dim}`, { line: lineNo });
    }
    const o = this.store!.row(r);
    const data = this.store!.data;
    for (let j = 0; j < this.dim; j++) {
      const cell = cells[j].trim();
      const v = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new VectorFileError(`line ${lineNo} of ${this.name}: value ${j + 1} "${cell.slice(0, 30)}" is not a finite number`, { line: lineNo });
      }
      data[o + j] = v;
      if (!Number.isFinite(data[o + j])) {
        throw new VectorFileError(`line ${lineNo} of ${this.name}: value ${j + 1} "${cell.slice(0, 30)}" is out of the float32 range`, { line: lineNo });
      }
    }
    this.words.push(this.options.labels[r]);
    if (this.words.length >= this.limit && this.limit < this.options.labels.length) {
      this.complete = true;
      this.finished = true;
    }
  }

  private finish(): void {
    const n = this.words.length;
    if (this.dim < 0) throw new VectorFileError(`line 1 of ${this.name}: empty file`, { line: 1 });
    if (n !== this.options.labels.length) {
      const meta = this.options.metadataName ?? 'metadata.tsv';
      const hint = this.options.labels.length === n + 1 ? ` (if its first line is a header row, load it as one${this.options.labels.length > 0 ? `: "${this.options.labels[0].slice(0, 40)}"` : ''})` : '';
      throw new VectorFileError(`line ${this.lineNo} of ${this.name}: ${n} rows, but ${meta} has ${this.options.labels.length} labels${hint}`, { line: this.lineNo });
    }
    this.complete = true;
  }

  protected result(): ParsedVectors {
    if (!this.complete) throw new Error('projector reader: end() before the input was complete');
    return { words: this.words, dim: this.dim, data: this.store!.take(this.words.length) };
  }
}

/**
 * A first line of tab-separated values starting with a number: a Projector vectors.tsv. (A word2vec or GloVe
 * line starts with its word; the rest of the line is checked when it is read.)
 */
export function looksLikeProjectorVectors(prefix: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(prefix.subarray(0, Math.min(prefix.length, 1 << 16)));
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (!first) return false;
  const cells = first.trim().split('\t');
  return cells.length >= 2 && cells[0].trim() !== '' && Number.isFinite(Number(cells[0].trim()));
}
