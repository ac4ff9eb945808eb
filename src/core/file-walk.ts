// Chooses which files of one or more root folders are read for training (pure: the file system is injected).
//
// Containment: a symbolic link is followed only when its real target lies inside one of the roots (their real
// paths: links in a root's own path are resolved first). A link that leads out of the roots is counted as
// "outside" and never listed, stat'ed or read; nor is anything below it. A link whose target cannot be resolved
// (dangling, a loop, or a file system that cannot say) is not followed either. Every file is reported with its
// real path, so a caller reads (and measures) the target itself, and each real file at most once.
//
// Selection: folders are walked in name order (so the same tree gives the same corpus). An excluded or
// git-ignored folder is not entered (as in git, nothing inside an ignored folder can be re-included), a folder
// that no include pattern can match below is not entered, and the .gitignore of each folder is read as the walk
// enters it. All matching is linear-time (glob.ts). `checkpoint` is awaited between folders and every few hundred
// entries: the caller yields to its event loop there and throws to cancel.
import { GitignoreMatcher, GlobLimitError, IGNORE_LIMITS, type GlobSet } from './gitignore';

export type EntryKind = 'file' | 'dir' | 'other';

export interface WalkEntry {
  name: string;
  /** the entry's own kind; a symbolic link is `link: true` and its target's kind is found with `resolve` */
  kind: EntryKind;
  link: boolean;
}

/** The file system as the walk sees it. Locations are the adapter's absolute paths (a file path or a URI path). */
export interface WalkFs {
  /** the real location of a root (links in its own path resolved), or undefined when it does not exist */
  realRoot(root: string): Promise<string | undefined>;
  /** the entries of a folder; rejects when it cannot be listed */
  list(dir: string): Promise<WalkEntry[]>;
  /** the real location and kind of a link's target; undefined when dangling, a loop, or not resolvable here */
  resolve(link: string): Promise<{ real: string; kind: EntryKind } | undefined>;
  /** the size in bytes of a file, following links */
  size(file: string): Promise<number>;
  /** the text of a small file */
  readText(file: string): Promise<string>;
  /** `child` joined below `dir` */
  join(dir: string, name: string): string;
  /** true when `real` is `root` or lies below it (both real locations) */
  inside(real: string, root: string): boolean;
}

export interface WalkOptions {
  /** files must match one of these (folder-relative POSIX paths); undefined: every file */
  include?: GlobSet;
  /** files and folders matching one of these are left out (the folder's contents too) */
  exclude?: GlobSet;
  /** apply the .gitignore files found in the walked folders */
  gitignore?: boolean;
  /** folder names never entered (the CLI's .git, node_modules, …) */
  skipFolders?: ReadonlySet<string>;
  /** follow links whose target is outside the roots (the CLI's --follow-links); off by default */
  followOutside?: boolean;
  /** more folders that links may lead into (the CLI walks each named folder on its own, inside all of them) */
  alsoInside?: readonly string[];
  /** awaited between folders and every CHECK_EVERY entries: yield there, and throw to cancel */
  checkpoint?: () => Promise<void>;
}

export interface WalkedFile {
  /** the root it was found under (as given) and its path relative to it, through links as walked */
  root: string;
  rel: string;
  /** the real location of the file: read and measure this one */
  real: string;
  /** reached through a symbolic link (the file itself or a folder above it) */
  viaLink: boolean;
}

export interface WalkCounts {
  /** files (and folders) a .gitignore rule leaves out; an ignored folder counts once, its contents are not listed */
  gitignored: number;
  /** files matched by an exclude pattern */
  excluded: number;
  /** links whose target lies outside the roots (a link to a folder counts once) */
  outside: number;
  /** folders that could not be listed and links that could not be resolved */
  unreadable: number;
}

export interface WalkResult {
  files: WalkedFile[];
  counts: WalkCounts;
  /** where the unreadable ones are (the adapter's locations), in walk order */
  unreadable: string[];
  /** .gitignore files applied */
  gitignoreFiles: number;
}

const CHECK_EVERY = 256;

/** Walks every root; see the header for what is followed, skipped and counted. */
export async function walkRoots(fs: WalkFs, roots: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const counts: WalkCounts = { gitignored: 0, excluded: 0, outside: 0, unreadable: 0 };
  const unreadable: string[] = [];
  const cannotRead = (at: string) => { counts.unreadable++; unreadable.push(at); };
  const files: WalkedFile[] = [];
  const realRoots: string[] = [];
  for (const root of [...roots, ...(options.alsoInside ?? [])]) {
    const real = await fs.realRoot(root);
    if (real !== undefined) realRoots.push(real);
  }
  const isInside = (real: string) => realRoots.some((r) => fs.inside(real, r));
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  let gitignoreFiles = 0;
  let sinceCheck = 0;
  const checkpoint = async () => {
    sinceCheck = 0;
    if (options.checkpoint) await options.checkpoint();
  };

  for (let r = 0; r < roots.length; r++) {
    const root = roots[r]!;
    const rootReal = await fs.realRoot(root);
    if (rootReal === undefined) {
      cannotRead(root);
      continue;
    }
    const ignore = options.gitignore ? new GitignoreMatcher() : undefined;
    // depth-first, in name order; each folder: its path relative to the root, where it is, its real location
    const stack: { rel: string; at: string; real: string; viaLink: boolean }[] = [{ rel: '', at: root, real: rootReal, viaLink: false }];
    while (stack.length) {
      const dir = stack.pop()!;
      if (seenDirs.has(dir.real)) continue; // a loop, or a folder already walked through another path
      seenDirs.add(dir.real);
      await checkpoint();
      let entries: WalkEntry[];
      try {
        entries = await fs.list(dir.at);
      } catch {
        cannotRead(dir.at);
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

      if (ignore) {
        const gi = entries.find((e) => e.name === '.gitignore');
        if (gi) {
          const text = await readGitignore(fs, dir.at, gi, dir.rel, isInside, options);
          if (text !== undefined) {
            ignore.add(dir.rel, text);
            gitignoreFiles++;
          }
        }
      }

      const subdirs: typeof stack = [];
      for (const e of entries) {
        if (++sinceCheck >= CHECK_EVERY) await checkpoint();
        const rel = dir.rel === '' ? e.name : `${dir.rel}/${e.name}`;
        const at = fs.join(dir.at, e.name);
        let kind = e.kind;
        let real = fs.join(dir.real, e.name); // below a real folder, a plain entry's real location is its name there
        let viaLink = dir.viaLink;
        if (e.link) {
          const target = await fs.resolve(at).catch(() => undefined);
          if (!target) {
            if (mayMatter(rel, 'file', options)) cannotRead(at);
            continue;
          }
          kind = target.kind;
          real = target.real;
          viaLink = true;
          if (kind === 'other') continue;
          if (!isInside(real) && !options.followOutside) {
            if (mayMatter(rel, kind, options) && !isLeftOut(rel, kind === 'dir', options, ignore)) counts.outside++;
            continue;
          }
        }
        if (kind === 'dir') {
          if (options.skipFolders?.has(e.name)) continue;
          if (options.exclude?.matchesExactly(rel)) continue; // excluded folders are left out silently, as findFiles does
          if (ignore?.ignoresEntry(rel, true)) {
            counts.gitignored++;
            continue;
          }
          if (options.include && !options.include.couldMatchBelow(rel)) continue;
          subdirs.push({ rel, at, real, viaLink });
        } else if (kind === 'file') {
          if (options.include && !options.include.matchesExactly(rel)) continue;
          if (options.exclude?.matchesExactly(rel)) {
            counts.excluded++;
            continue;
          }
          if (ignore?.ignoresEntry(rel, false)) {
            counts.gitignored++;
            continue;
          }
          if (seenFiles.has(real)) continue; // the same file through another link: read once
          seenFiles.add(real);
          files.push({ root, rel, real, viaLink });
        }
      }
      // pushed in reverse so that the first folder by name is walked first
      for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k]!);
    }
  }
  return { files, counts, unreadable, gitignoreFiles };
}

/** Could this entry hold or be a candidate (so that skipping it is worth counting)? */
function mayMatter(rel: string, kind: EntryKind, options: WalkOptions): boolean {
  if (!options.include) return true;
  return kind === 'dir' ? options.include.couldMatchBelow(rel) : options.include.matchesExactly(rel);
}

function isLeftOut(rel: string, isDir: boolean, options: WalkOptions, ignore: GitignoreMatcher | undefined): boolean {
  return options.exclude?.matchesExactly(rel) === true || ignore?.ignoresEntry(rel, isDir) === true;
}

/** A .gitignore is read only when it is a regular file inside the roots and under the size cap (over it: an error). */
async function readGitignore(fs: WalkFs, dirAt: string, e: WalkEntry, dirRel: string, isInside: (real: string) => boolean, options: WalkOptions): Promise<string | undefined> {
  const rel = dirRel === '' ? '.gitignore' : `${dirRel}/.gitignore`;
  if (options.exclude?.matchesExactly(rel)) return undefined;
  const at = fs.join(dirAt, '.gitignore');
  let file = at;
  if (e.link) {
    const target = await fs.resolve(at).catch(() => undefined);
    if (!target || target.kind !== 'file' || !isInside(target.real)) return undefined; // never read from outside
    file = target.real;
  } else if (e.kind !== 'file') {
    return undefined;
  }
  let bytes: number;
  try {
    bytes = await fs.size(file);
  } catch {
    return undefined; // vanished: treated as absent, as git would
  }
  if (bytes > IGNORE_LIMITS.gitignoreBytes) {
    throw new GlobLimitError(`${rel} is ${bytes.toLocaleString('en')} bytes, more than the ${(IGNORE_LIMITS.gitignoreBytes / 1024).toFixed(0)} KB Embedding Lens reads for a .gitignore; shorten it, or turn off "search.useIgnoreFiles"`);
  }
  try {
    return await fs.readText(file);
  } catch {
    return undefined;
  }
}
