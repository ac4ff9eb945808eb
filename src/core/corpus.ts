import { MAX_TOKEN_LENGTH, scanTokens, type TokenizerOptions } from './tokenize';
import { Vocabulary, type VocabularyOptions } from './vocab';
import { detach } from './detach';

export interface EncodedCorpus {
  ids: Int32Array; // vocab ids; -1 ends each sentence (line)
  tokens: number; // ids >= 0
  sentences: number;
}

const WINDOW = 1 << 20;
// Address space reserved for the ids (a billion tokens); only what is written becomes memory.
const MAX_ID_BYTES = 2 ** 32;

// Shared so the training workers read the corpus without a copy; where SharedArrayBuffer is
// unavailable (a browser without cross-origin isolation) a resizable ArrayBuffer does the same.
function growableBuffer(): SharedArrayBuffer | ArrayBuffer {
  const options = { maxByteLength: MAX_ID_BYTES };
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(0, options) : new ArrayBuffer(0, options);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Streams text into temporary ids (first-seen order), then remaps them to frequency-ordered vocabulary ids
 * at finish(). Memory is the id array plus the distinct words, never the text.
 */
export class CorpusBuilder {
  private readonly lowercase: boolean;
  private readonly keepHyphens: boolean;
  private readonly tempIds = new Map<string, number>();
  private readonly tempWords: string[] = [];
  private readonly tempCounts: number[] = [];
  // One growable buffer, remapped in place by finish(): it grows without copying, its untouched
  // tail costs address space but no memory, and the encoded corpus needs no second array.
  private readonly buffer = growableBuffer();
  private ids = new Int32Array(this.buffer);
  private used = 0;
  private finished = false;
  private sentenceOpen = false;
  private pending: string[] = [];
  private ended = false;
  private seen = 0;

  constructor(tokenizer: TokenizerOptions = {}) {
    this.lowercase = tokenizer.lowercase !== false;
    this.keepHyphens = tokenizer.hyphens !== 'split';
  }

  get tokensSeen(): number {
    return this.seen;
  }

  /** A whole document: each line is a sentence, and the document ends the current sentence. */
  addText(text: string): void {
    this.flush();
    for (let a = 0; a < text.length; a += WINDOW) this.push(text.slice(a, a + WINDOW));
    this.flush();
  }

  push(chunk: string): void {
    if (this.ended) throw new Error('CorpusBuilder: push() after end()');
    if (chunk.length === 0) return;
    // Cut after the last whitespace of the new chunk only: a token never spans whitespace, and scanning just
    // the new chunk keeps a 50 MB line without whitespace linear (its pieces are joined once).
    let k = chunk.length - 1;
    while (k >= 0 && !isSpace(chunk.charCodeAt(k))) k--;
    if (k < 0) {
      this.pending.push(chunk);
      return;
    }
    const head = k + 1 === chunk.length ? chunk : chunk.slice(0, k + 1);
    const text = this.pending.length ? this.pending.join('') + head : head;
    this.pending = k + 1 < chunk.length ? [chunk.slice(k + 1)] : [];
    this.process(text);
  }

  /** One token as it is (identifier words, already normalised by the caller), in the current sentence. */
  addToken(token: string): void {
    if (this.ended) throw new Error('CorpusBuilder: addToken() after end()');
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return;
    if (this.pending.length) this.flush();
    this.onToken(token);
  }

  /** Ends the current sentence (nothing happens when it is empty). */
  sentenceBreak(): void {
    if (this.pending.length) this.flush();
    this.endSentence();
  }

  end(): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
  }

  /** Builds the vocabulary and the encoded corpus. It consumes the builder: ids are remapped in place. */
  finish(options: VocabularyOptions & { shared?: boolean }): { vocab: Vocabulary; corpus: EncodedCorpus } {
    if (this.finished) throw new Error('CorpusBuilder: finish() was already called; the builder is consumed');
    this.end();
    this.finished = true;
    const vocab = Vocabulary.fromArrays(this.tempWords, this.tempCounts, options);
    const remap = new Int32Array(this.tempWords.length);
    for (let i = 0; i < remap.length; i++) remap[i] = vocab.id(this.tempWords[i]);
    this.tempIds.clear();
    this.tempWords.length = 0;
    this.tempCounts.length = 0;

    // Words under minCount are dropped, so the write position never passes the read position.
    const ids = this.ids;
    let out = 0;
    let tokens = 0;
    let sentences = 0;
    let open = false;
    for (let i = 0; i < this.used; i++) {
      const v = ids[i];
      if (v >= 0) {
        const r = remap[v];
        if (r >= 0) {
          ids[out++] = r;
          tokens++;
          open = true;
        }
      } else if (open) {
        ids[out++] = -1;
        sentences++;
        open = false;
      }
    }
    const encoded = options.shared === false ? ids.slice(0, out) : new Int32Array(this.buffer, 0, out);
    this.ids = new Int32Array(0);
    return { vocab, corpus: { ids: encoded, tokens, sentences } };
  }

  private flush(): void {
    if (this.pending.length) {
      const text = this.pending.join('');
      this.pending = [];
      this.process(text);
    }
    this.endSentence();
  }

  private process(text: string): void {
    const s = this.lowercase ? text.toLowerCase() : text;
    let pos = 0;
    for (;;) {
      const nl = s.indexOf('\n', pos);
      scanTokens(s, pos, nl < 0 ? s.length : nl, this.keepHyphens, this.onToken);
      if (nl < 0) break;
      this.endSentence();
      pos = nl + 1;
    }
  }

  private readonly onToken = (token: string): void => {
    let id = this.tempIds.get(token);
    if (id === undefined) {
      id = this.tempWords.length;
      const word = detach(token);
      this.tempIds.set(word, id);
      this.tempWords.push(word);
      this.tempCounts.push(1);
    } else {
      this.tempCounts[id]++;
    }
    this.append(id);
    this.seen++;
    this.sentenceOpen = true;
  };

  private endSentence(): void {
    if (!this.sentenceOpen) return;
    this.append(-1);
    this.sentenceOpen = false;
  }

  private append(v: number): void {
    if (this.used === this.ids.length) {
      const max = this.buffer.maxByteLength;
      if (this.buffer.byteLength === max) throw new Error(`CorpusBuilder: the corpus exceeds ${max / 4} tokens`);
      const size = Math.min(max, Math.max(1 << 16, this.buffer.byteLength * 2));
      if (this.buffer instanceof ArrayBuffer) this.buffer.resize(size);
      else this.buffer.grow(size);
    }
    this.ids[this.used++] = v;
  }

}
