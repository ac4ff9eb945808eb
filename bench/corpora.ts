// The corpora the benchmarks train on, read the way their users' tools read them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpusFiles } from '../src/cli/corpus-files';
import { CorpusBuilder } from '../src/core/corpus';
import { decodeText } from '../src/core/text-detect';
import { dataPath } from '../test/data-path';

/** The kubernetes-community workspace as the extension reads it: prose files up to 2 MB, its default tokenizer. */
export function kubernetesCommunity(): { builder: CorpusBuilder; label: string } {
  const dir = mkdtempSync(join(tmpdir(), 'el-bench-k8s-'));
  execFileSync('tar', ['xzf', dataPath('workspace/kubernetes-community-md.tar.gz'), '-C', dir]);
  const builder = new CorpusBuilder(); // lowercase, hyphens kept
  let files = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) { walk(full); continue; }
      if (!/\.(md|markdown|txt|rst|adoc|tex|org)$/.test(name) || statSync(full).size > 2048 * 1024) continue;
      const decided = decodeText(readFileSync(full));
      if (decided.kind === 'text') { builder.addText(decided.text); files++; }
    }
  };
  walk(dir);
  rmSync(dir, { recursive: true, force: true });
  return { builder, label: `kubernetes-community (${files} files)` };
}

/** The shared corpus tokenized as the engine bench does: lowercase, hyphens split. */
export async function sharedCorpus(): Promise<{ builder: CorpusBuilder; label: string }> {
  const builder = new CorpusBuilder({ lowercase: true, hyphens: 'split' });
  await readCorpusFiles([dataPath('corpus/en-prose.txt.gz')], builder, Infinity);
  return { builder, label: 'shared corpus (en-prose)' };
}
