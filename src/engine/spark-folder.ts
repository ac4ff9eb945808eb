// Whether a path is (or sits in) a Spark MLlib model folder: the folder's shape only, apart from the reader
// (spark-reader.ts), whose Parquet library is loaded only when such a folder is read.
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VectorFileError } from '../core/formats';

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

/** The model folder `path` is, or whose metadata/ or data/ holds the file `path` (picked by mistake). */
export async function sparkFolderOf(path: string): Promise<string | undefined> {
  const parent = dirname(path);
  const candidates = [path, ...(['metadata', 'data'].includes(basename(parent)) ? [dirname(parent)] : [])];
  for (const c of candidates) {
    if ((await isDir(join(c, 'metadata'))) && (await isDir(join(c, 'data')))) return c;
  }
  return undefined;
}

export function notSparkFolder(path: string): VectorFileError {
  return new VectorFileError(`${path}: not a Spark model folder (Word2VecModel.save writes a folder with metadata/ and data/ in it)`);
}

