// npm run bench (issue 11): import times for 100,000 words (BENCH_IMPORT_WORDS) × 300 (BENCH_IMPORT_DIM) from a
// Spark ML Word2VecModel folder (written with parquet-wasm the way Spark writes it: snappy, parts of at most
// 64 MB as Word2VecModelWriter computes them) and from TensorFlow Projector TSV (our own exporter's
// vectors.tsv + metadata.tsv), and the same words as word2vec binary and text for comparison. Each through
// the streaming reader on this thread (the CLI's path) and through the load worker (the extension's path).
// Prints the figures and writes .bench-out/imports.json; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeProjectorTsv, writeWord2vecBinary, writeWord2vecText } from '../src/core/formats';
import { seededRandom } from '../src/core/random';
import { Embeddings } from '../src/core/vectors';
import { probeSource, readSource, resolveSource, type VectorSource } from '../src/engine/vector-files';
import { loadVectors, probeVectors } from '../src/engine/vectors-loader';
import { writeSparkModel } from '../test/factories/spark-model';

const root = resolve(__dirname, '..', '..');
const N = Number(process.env.BENCH_IMPORT_WORDS ?? 100_000);
const D = Number(process.env.BENCH_IMPORT_DIM ?? 300);
const REPS = Number(process.env.BENCH_IMPORT_REPS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'el-bench-imports-'));
  try {
    const r = seededRandom(11);
    const words = Array.from({ length: N }, (_, i) => `w${i.toString(36)}`);
    const data = new Float32Array(N * D);
    for (let i = 0; i < data.length; i++) data[i] = Math.fround(r() - 0.5);
    const emb = new Embeddings(words, D, data);
    const t0 = performance.now();
    const vectors: number[][] = Array.from({ length: N }, (_, i) => Array.from(data.subarray(i * D, (i + 1) * D)));
    // Word2VecModelWriter: (4 * vectorSize + 15) * numWords / 64 MB + 1 partitions
    const parts = Math.floor(((4 * D + 15) * N) / (64 << 20)) + 1;
    writeSparkModel(join(dir, 'spark'), { words, vectors, layout: 'rows', parts });
    const tsv = writeProjectorTsv(emb);
    mkdirSync(join(dir, 'tsv'));
    writeFileSync(join(dir, 'tsv', 'vectors.tsv'), tsv.vectors);
    writeFileSync(join(dir, 'tsv', 'metadata.tsv'), tsv.metadata);
    writeFileSync(join(dir, 'v.bin'), writeWord2vecBinary(emb));
    writeFileSync(join(dir, 'v.txt'), writeWord2vecText(emb));
    console.log(`imports bench: ${N} words x ${D}, fixtures written in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${require('node:os').loadavg().map((x: number) => x.toFixed(1)).join(' ')}`);
    const size = (p: string) => (statSync(p).isDirectory() ? readdirSync(join(p, 'data')).reduce((s, f) => s + statSync(join(p, 'data', f)).size, 0) : statSync(p).size + (p.endsWith('vectors.tsv') ? statSync(join(dir, 'tsv', 'metadata.tsv')).size : 0));
    const results: Record<string, unknown>[] = [];
    for (const [name, path] of [['Spark ML folder (snappy Parquet)', join(dir, 'spark')], ['Projector TSV', join(dir, 'tsv', 'vectors.tsv')], ['word2vec binary', join(dir, 'v.bin')], ['word2vec text', join(dir, 'v.txt')]] as const) {
      const src = (await resolveSource(path)) as VectorSource;
      const inThread: number[] = [];
      const worker: number[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        let t = performance.now();
        const read = await readSource(src, { info: await probeSource(src) });
        inThread.push(performance.now() - t);
        if (read.parsed.words.length !== N) throw new Error(`${name}: ${read.parsed.words.length} words`);
        t = performance.now();
        const loaded = await loadVectors(src, { info: await probeVectors(src) });
        worker.push(performance.now() - t);
        if (loaded.embeddings.size !== N) throw new Error(`${name}: ${loaded.embeddings.size} words`);
      }
      const row = { name, bytes: size(path), inThreadMs: median(inThread), workerMs: median(worker), inThread, worker, ...(name.startsWith('Spark') ? { parts } : {}) };
      results.push(row);
      console.log(`  ${name.padEnd(32)} ${(row.bytes / 2 ** 20).toFixed(0).padStart(5)} MiB: streaming reader ${(row.inThreadMs / 1000).toFixed(2)} s, load worker ${(row.workerMs / 1000).toFixed(2)} s (median of ${REPS})`);
    }
    mkdirSync(join(root, '.bench-out'), { recursive: true });
    writeFileSync(join(root, '.bench-out', 'imports.json'), JSON.stringify({ words: N, dim: D, results }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
