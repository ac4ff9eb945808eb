// A model file read a piece at a time (pure): the same checks, in the same order and with the same messages, as
// readModelFile, which holds the whole file. What readModelFile reports:
//   1. the preamble (magic, version, length field, truncation), from the first 32 bytes and the file's size;
//   2. a checksum mismatch, over every byte but the last 4;
//   3. the header, the words and the matrix sizes (readModelPrefix).
// Here 1 is checked as soon as 32 bytes have come, 3 once the bytes before the matrices have, and 2 only at
// the end; so an error of kind 3 is held back until the checksum is known, and a mismatch wins over it, as in
// readModelFile. The matrices go to a sink in whole rows as they arrive; nothing a sink built may be used
// before finish() returns (only then is the checksum known to match).
import {
  checkModelPreamble,
  crc32,
  ModelFileError,
  modelPrefixLength,
  readModelPrefix,
  type MatrixDescriptor,
  type ModelFilePrefix,
} from './model-file';

/** Receives a matrix's rows in order: `rows` whole rows (dim floats each) from row `firstRow` on. */
export type MatrixRowsSink = (matrix: number, descriptor: MatrixDescriptor, firstRow: number, rows: Float32Array) => void;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Rows are handed over in batches of about this many bytes (a whole number of rows, at least one). */
const BATCH_BYTES = 1 << 20;

export class ModelFileStream {
  private received = 0;
  private crc = 0;
  // the bytes before the matrices, copied (the caller may reuse its chunk), in a buffer that doubles as it fills
  private head = new Uint8Array(0);
  private headBytes = 0;
  private prefix: ModelFilePrefix | undefined;
  private held: unknown; // an error of kind 3, reported unless the checksum does not match
  private sink: MatrixRowsSink | undefined;
  private matrix = 0;
  private row = 0;
  private rowBytes = 0;
  private matrixBytes = 0;
  private batch: Uint8Array | undefined;
  private batchFill = 0;
  private batchFirstRow = 0;
  private readonly stored = new Uint8Array(4);

  /**
   * `size`: the file's length in bytes. `onPrefix` is called once the header and words are read and checked
   * (not yet the checksum) and returns the sink for the matrices, or undefined to skip them.
   */
  constructor(private readonly size: number, private readonly onPrefix: (prefix: ModelFilePrefix) => MatrixRowsSink | undefined) {}

  /** The next bytes of the file, in order. */
  push(chunk: Uint8Array): void {
    if (this.received + chunk.length > this.size) throw new ModelFileError(`model file is corrupted: it grew while it was read (more than ${this.size} bytes)`);
    const start = this.received;
    this.received += chunk.length;
    // the checksum covers [0, size - 4); the last 4 bytes are the stored checksum
    const crcEnd = Math.max(0, Math.min(chunk.length, this.size - 4 - start));
    if (crcEnd > 0) this.crc = crc32(chunk.subarray(0, crcEnd), this.crc);
    for (let i = Math.max(crcEnd, 0); i < chunk.length; i++) this.stored[start + i - (this.size - 4)] = chunk[i]!;
    let at = 0;
    if (!this.prefix && this.held === undefined) at = this.takeHead(chunk, start);
    if (this.sink && at < chunk.length) this.takeMatrices(chunk.subarray(at), start + at);
  }

  /** After the last byte: throws the error readModelFile would throw, or returns the header and the words. */
  finish(): ModelFilePrefix {
    if (this.received < Math.min(32, this.size) || this.size < 32) checkModelPreamble(this.joinedHead(), this.size);
    if (this.received !== this.size) {
      throw new ModelFileError(`model file is corrupted: truncated (expected ${this.size} bytes, found ${this.received})`);
    }
    const stored = new DataView(this.stored.buffer).getUint32(0, true);
    if (stored !== this.crc) throw new ModelFileError('model file is corrupted: checksum mismatch');
    if (this.held !== undefined) throw this.held;
    if (!this.prefix) throw new ModelFileError('model file is corrupted: words section is missing');
    this.flush();
    return this.prefix;
  }

  private joinedHead(): Uint8Array {
    return this.head.subarray(0, this.headBytes);
  }

  private append(chunk: Uint8Array): void {
    if (this.headBytes + chunk.length > this.head.length) {
      const grown = new Uint8Array(Math.min(this.size, Math.max(2 * this.head.length, this.headBytes + chunk.length, 1 << 16)));
      grown.set(this.joinedHead());
      this.head = grown;
    }
    this.head.set(chunk, this.headBytes);
    this.headBytes += chunk.length;
  }

  /** Gathers the bytes before the matrices; returns how much of the chunk they took. */
  private takeHead(chunk: Uint8Array, start: number): number {
    const before = this.headBytes;
    this.append(chunk);
    if (before < 32 && this.headBytes >= Math.min(32, this.size)) {
      checkModelPreamble(this.joinedHead().subarray(0, 32), this.size); // errors of kind 1 are thrown at once
    }
    if (this.headBytes < 32) return chunk.length;
    for (;;) {
      const head = this.joinedHead();
      const need = modelPrefixLength(head, this.size);
      if (head.length < need) return chunk.length;
      try {
        this.prefix = readModelPrefix(head, this.size);
      } catch (e) {
        this.held = e;
        this.head = new Uint8Array(0);
        return chunk.length;
      }
      const taken = this.prefix.matrixOffset - start;
      this.head = new Uint8Array(0);
      this.sink = this.onPrefix(this.prefix);
      const { header } = this.prefix;
      this.rowBytes = header.dim * 4;
      this.matrixBytes = header.vocabSize * this.rowBytes;
      if (this.sink && this.rowBytes > 0) {
        const rows = Math.max(1, Math.floor(BATCH_BYTES / this.rowBytes));
        this.batch = new Uint8Array(rows * this.rowBytes);
      }
      return Math.max(0, Math.min(chunk.length, taken));
    }
  }

  /** Matrix bytes (from file offset `at`) into whole rows for the sink. */
  private takeMatrices(bytes: Uint8Array, at: number): void {
    const { matrixOffset, descriptors } = this.prefix!;
    const end = matrixOffset + descriptors.length * this.matrixBytes;
    let i = 0;
    if (at < matrixOffset) i = matrixOffset - at; // the padding after the words
    const batch = this.batch!;
    while (i < bytes.length && at + i < end && this.matrixBytes > 0) {
      const take = Math.min(bytes.length - i, end - (at + i), batch.length - this.batchFill,
        this.matrixBytes - ((at + i - matrixOffset) % this.matrixBytes));
      batch.set(bytes.subarray(i, i + take), this.batchFill);
      this.batchFill += take;
      i += take;
      const intoMatrix = (at + i - matrixOffset) % this.matrixBytes;
      if (this.batchFill === batch.length || intoMatrix === 0) this.flush();
    }
  }

  /** Hands the whole rows of the batch to the sink (a matrix's last rows end a batch). */
  private flush(): void {
    const batch = this.batch;
    if (!batch || !this.sink || this.batchFill === 0) return;
    const rows = Math.floor(this.batchFill / this.rowBytes);
    if (rows * this.rowBytes !== this.batchFill) return; // only at a matrix's end or a full batch, both whole rows
    const values = new Float32Array(batch.buffer, 0, rows * (this.rowBytes / 4));
    if (!littleEndian) {
      const view = new DataView(batch.buffer);
      for (let j = 0; j < values.length; j++) values[j] = view.getFloat32(j * 4, true);
    }
    this.sink(this.matrix, this.prefix!.descriptors[this.matrix]!, this.batchFirstRow, values);
    this.row += rows;
    this.batchFill = 0;
    if (this.row >= this.prefix!.header.vocabSize) {
      this.matrix++;
      this.row = 0;
    }
    this.batchFirstRow = this.row;
  }
}
