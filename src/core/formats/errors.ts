/** A malformed vector file; the message names the line (text formats) or byte offset (binary). */
export class VectorFileError extends Error {
  readonly line?: number;
  readonly offset?: number;
  constructor(message: string, where: { line?: number; offset?: number } = {}) {
    super(message);
    this.name = 'VectorFileError';
    this.line = where.line;
    this.offset = where.offset;
  }
}
