// The shared corpus as gensim and kōan read it: the very tokens our CLI trains on, one sentence a line.
import { createReadStream, createWriteStream, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { tokenize } from '../src/core/tokenize';

/**
 * Writes the tokens of `corpus` (gzip) to `path`, whole lines only, stopping after the line that
 * reaches `maxTokens`. Written beside the target and renamed, so an interrupted run never leaves a
 * short file to reuse. Returns the tokens written.
 */
export async function writeTokens(corpus: string, path: string, maxTokens = Infinity): Promise<number> {
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const lines = createInterface({ input: createReadStream(corpus).pipe(createGunzip()), crlfDelay: Infinity });
  let written = 0;
  for await (const line of lines) {
    const tokens = tokenize(line, { lowercase: true, hyphens: 'split' });
    if (!tokens.length) continue;
    written += tokens.length;
    if (!out.write(`${tokens.join(' ')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    if (written >= maxTokens) break;
  }
  lines.close();
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  renameSync(tmp, path);
  return written;
}
