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

/**
 * A vector file whose size (dimension, word count, or values in all) is beyond what the readers hold. Its `code`
 * is 'too-large', the same as ModelFileTooLargeError's, so a caller can tell "too big" from "malformed".
 */
export class VectorFileTooLargeError extends VectorFileError {
  readonly code = 'too-large';
  constructor(message: string, where: { line?: number; offset?: number } = {}) {
    super(message, where);
    this.name = 'VectorFileTooLargeError';
  }
}

/** True for any reader's "beyond the size limits" error (vector files and model files). */
export function isTooLargeError(e: unknown): boolean {
  return e instanceof Error && (e as { code?: unknown }).code === 'too-large';
}
