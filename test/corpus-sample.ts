import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CorpusBuilder } from '../src/core/corpus';
import type { TokenizerOptions } from '../src/core/tokenize';
import { dataPath } from './data-path';

/** The first `bytes` of the shared Wikipedia corpus (whole lines), fed to a CorpusBuilder. */
export async function corpusPrefix(bytes: number, tokenizer: TokenizerOptions = { lowercase: true, hyphens: 'split' }): Promise<CorpusBuilder> {
  const builder = new CorpusBuilder(tokenizer);
  const input = createReadStream(dataPath('corpus/en-prose.txt.gz'));
  const decoder = new TextDecoder();
  let seen = 0;
  for await (const chunk of input.pipe(createGunzip()) as AsyncIterable<Buffer>) {
    const take = Math.min(chunk.length, bytes - seen);
    let text = decoder.decode(chunk.subarray(0, take), { stream: take === chunk.length });
    seen += take;
    if (seen >= bytes) {
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      builder.push(text);
      input.destroy();
      break;
    }
    builder.push(text);
  }
  builder.end();
  return builder;
}
