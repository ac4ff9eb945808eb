// Tokenizer + CorpusBuilder throughput on the shared 102 MB corpus: gunzip stream -> TextDecoder -> push().
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CorpusBuilder } from '../src/core/corpus';
import { dataPath } from '../test/data-path';

async function main(): Promise<void> {
  const hyphens = (process.argv[2] === 'keep' ? 'keep' : 'split') as 'keep' | 'split';
  const file = dataPath('corpus/en-prose.txt.gz');
  const t0 = performance.now();
  const builder = new CorpusBuilder({ lowercase: true, hyphens });
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let bytes = 0;
  const stream = createReadStream(file).pipe(createGunzip({ chunkSize: 1 << 20 }));
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    builder.push(decoder.decode(chunk, { stream: true }));
  }
  builder.push(decoder.decode());
  builder.end();
  const t1 = performance.now();
  const { vocab, corpus } = builder.finish({ minCount: 5 });
  const t2 = performance.now();
  const seconds = (t2 - t0) / 1000;
  const mb = bytes / 1e6;
  const report = {
    hyphens,
    megabytes: +mb.toFixed(1),
    tokens: builder.tokensSeen,
    sentences: corpus.sentences,
    vocabMinCount5: vocab.size,
    keptTokens: corpus.tokens,
    streamSeconds: +((t1 - t0) / 1000).toFixed(2),
    finishSeconds: +((t2 - t1) / 1000).toFixed(2),
    totalSeconds: +seconds.toFixed(2),
    mbPerSecond: +(mb / seconds).toFixed(1),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
