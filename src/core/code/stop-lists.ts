// Per-language stop lists (pure). The words are data, in stop-lists/<language id>.txt (see stop-lists/README.md);
// this module only parses them.
import common from './stop-lists/common.txt';
import c from './stop-lists/c.txt';
import cpp from './stop-lists/cpp.txt';
import csharp from './stop-lists/csharp.txt';
import css from './stop-lists/css.txt';
import go from './stop-lists/go.txt';
import java from './stop-lists/java.txt';
import javascript from './stop-lists/javascript.txt';
import php from './stop-lists/php.txt';
import powershell from './stop-lists/powershell.txt';
import python from './stop-lists/python.txt';
import ruby from './stop-lists/ruby.txt';
import rust from './stop-lists/rust.txt';
import shellscript from './stop-lists/shellscript.txt';
import typescript from './stop-lists/typescript.txt';
import typescriptreact from './stop-lists/typescriptreact.txt';

const FILES: Record<string, string> = { c, cpp, csharp, css, go, java, javascript, php, powershell, python, ruby, rust, shellscript, typescript, typescriptreact };

export interface StopList {
  /** identifiers to leave out, lowercased, matched against the identifier as written and its parts joined by "_" */
  identifiers: ReadonlySet<string>;
  /** markup words left out of comments and docstrings, lowercased */
  comments: ReadonlySet<string>;
}

/** Parses a stop-list file: `[identifiers]` and `[comments]` sections, one word a line, `#` comments. */
export function parseStopList(text: string): { identifiers: string[]; comments: string[] } {
  const out = { identifiers: [] as string[], comments: [] as string[] };
  let section: 'identifiers' | 'comments' | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(identifiers|comments)\]$/.exec(line);
    if (header) section = header[1] as 'identifiers' | 'comments';
    else if (!section) throw new Error(`stop list: "${line}" comes before any [identifiers] or [comments] section`);
    else out[section].push(line.toLowerCase());
  }
  return out;
}

const base = parseStopList(common);
const cache = new Map<string, StopList>();

/** The stop list of a language (its own words plus common.txt). */
export function stopList(languageId: string): StopList {
  let hit = cache.get(languageId);
  if (!hit) {
    const own = FILES[languageId] !== undefined ? parseStopList(FILES[languageId]!) : { identifiers: [], comments: [] };
    hit = { identifiers: new Set([...base.identifiers, ...own.identifiers]), comments: new Set([...base.comments, ...own.comments]) };
    cache.set(languageId, hit);
  }
  return hit;
}

/** Languages that have a stop-list file (a test checks every code language has one). */
export const STOP_LIST_LANGUAGES: readonly string[] = Object.keys(FILES);
