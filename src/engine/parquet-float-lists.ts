// A fast path for one Parquet column shape: list<float> in which every row holds the same number of values
// and nothing is null (Spark's `vector` column). hyparquet assembles such a column into one JS array per row,
// which for 100,000 rows × 300 values spends most of its time building and collecting arrays; this reads the
// same pages with hyparquet's own page decoders (its src/ modules, pinned with the package) and writes the
// values, in order, into one Float32Array. Anything else (nulls, rows of other lengths, other types or
// encodings the decoders return differently) returns undefined, and the caller reads the row group with
// hyparquet's ordinary assembly, whose checks name the offending row.
import type { AsyncBuffer, ColumnChunk, FileMetaData, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { parquetSchema } from 'hyparquet/src/metadata.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getTreePath } from 'hyparquet/src/schema.js';
import type { ColumnDecoder, Compressors } from 'hyparquet/src/types.js';

/**
 * The values of the list<float> column `name` in row group `group`, as rows × dim floats; undefined when the
 * column is not of that simple shape (see above).
 */
export async function readFloatLists(file: AsyncBuffer, meta: FileMetaData, group: number, name: string, dim: number, compressors: Compressors): Promise<Float32Array | undefined> {
  const rg = meta.row_groups[group];
  const rows = Number(rg.num_rows);
  const chunk: ColumnChunk | undefined = rg.columns.find((c) => c.meta_data?.path_in_schema[0] === name);
  const md = chunk?.meta_data;
  if (!md || md.type !== 'FLOAT' || rg.columns.filter((c) => c.meta_data?.path_in_schema[0] === name).length !== 1) return undefined;
  let schemaPath: SchemaTree[];
  try {
    schemaPath = getTreePath(parquetSchema(meta), md.path_in_schema);
  } catch {
    return undefined;
  }
  if (getMaxRepetitionLevel(schemaPath) !== 1) return undefined;
  const maxDef = getMaxDefinitionLevel(schemaPath);
  const decoder: ColumnDecoder = {
    pathInSchema: md.path_in_schema, type: md.type, element: schemaPath[schemaPath.length - 1].element, schemaPath,
    codec: md.codec, parsers: DEFAULT_PARSERS, compressors,
  };
  const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
  const bytes = new Uint8Array(await file.slice(start, start + Number(md.total_compressed_size)));
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const out = new Float32Array(rows * dim);
  let row = -1; // the row being filled
  let filled = dim; // values of that row so far
  let o = 0; // values written
  let dictionary: ArrayLike<unknown> | undefined;
  while (reader.offset < bytes.length) {
    const header = parquetHeader(reader);
    const page = new Uint8Array(bytes.buffer, bytes.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const raw = decompressPage(page, Number(header.uncompressed_page_size), md.codec, compressors);
      const dph = header.dictionary_page_header!;
      dictionary = convert(readPlain({ view: new DataView(raw.buffer, raw.byteOffset, raw.byteLength), offset: 0 }, md.type, dph.num_values, undefined), decoder);
      continue;
    }
    let levels;
    let encoding;
    if (header.type === 'DATA_PAGE') {
      const raw = decompressPage(page, Number(header.uncompressed_page_size), md.codec, compressors);
      levels = readDataPage(raw, header.data_page_header!, decoder);
      encoding = header.data_page_header!.encoding;
    } else if (header.type === 'DATA_PAGE_V2') {
      levels = readDataPageV2(page, header, decoder);
      encoding = header.data_page_header_v2!.encoding;
    } else {
      return undefined;
    }
    const { definitionLevels: def, repetitionLevels: rep } = levels;
    const values = convertWithDictionary(levels.dataPage, dictionary as never, encoding, decoder) as ArrayLike<unknown>;
    const n = rep.length;
    // a page without nulls comes with no definition levels (hyparquet drops them); any null: bail
    if (values.length !== n || (def && def.length !== 0 && def.length !== n)) return undefined;
    const checkDef = def !== undefined && def.length === n;
    for (let i = 0; i < n; i++) {
      if (checkDef && def[i] !== maxDef) return undefined;
      if (rep[i] === 0) {
        if (filled !== dim) return undefined;
        row++;
        filled = 0;
        if (row >= rows) return undefined;
      }
      if (filled === dim) return undefined;
      const v = values[i];
      if (typeof v !== 'number') return undefined;
      out[o++] = v;
      filled++;
    }
  }
  if (row !== rows - 1 || filled !== dim || o !== out.length) return undefined;
  return out;
}
