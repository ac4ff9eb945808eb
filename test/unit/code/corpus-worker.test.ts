// The corpus worker end to end in a real worker thread: paths and transferred bytes in, the vocabulary and the
// encoded corpus (on a SharedArrayBuffer) out, identical to the same files processed in this thread; the grammars
// it compiled are kept here for the next run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusWorkerClient, CorpusCancelledError, keptGrammarNames } from '../../../src/engine/corpus-client';
import { RUNTIME_MODULE } from '../../../src/engine/code/grammars';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS } from '../../../src/engine/corpus-processor';

const files: Record<string, string> = {
  'a.py': 'class HTTPAdapter:\n    """Sends requests over HTTP connections."""\n    def get_connection(self, url):\n        return self.pool_manager.connection_from_url(url)\n',
  'b.ts': '// Registers the hello command.\nexport function activate(context: ExtensionContext) {\n  context.subscriptions.push(commands.registerCommand("hello.world", () => showMessage("Hello there world")));\n}\n',
  'README.md': '# Title\n\nSome prose about adapters and connections.\n\n```ts\nconst registerCommandLater = 1;\n```\n',
};

test('corpus worker: same vocabulary and corpus as in-thread processing; file bytes and paths both work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'el-corpus-worker-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    let progressed = 0;
    const client = new CorpusWorkerClient({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS }, { onProgress: (n) => { progressed = n; } });
    client.addPath('a.py', join(dir, 'a.py'), 1 << 20);
    await client.addBytes('b.ts', new TextEncoder().encode(files['b.ts']!), 1 << 20);
    client.addPath('README.md', join(dir, 'README.md'), 1 << 20);
    client.addPath('missing.md', join(dir, 'missing.md'), 1 << 20);
    client.addPath('a.py', join(dir, 'a.py'), 10); // too large for this limit
    const r = await client.finish(1);
    assert.ok(r.corpus.ids.buffer instanceof SharedArrayBuffer, 'the corpus comes back shared');
    assert.deepEqual(r.files, { files: 3, bytes: Object.values(files).reduce((a, t) => a + Buffer.byteLength(t), 0), tooLarge: 1, unreadable: 1 });
    assert.equal(progressed, 5);
    assert.deepEqual(r.grammarsLoaded.sort(), ['python', 'typescript']);
    assert.deepEqual(keptGrammarNames().sort(), ['python', RUNTIME_MODULE, 'typescript'].sort(), 'this process keeps the grammars and the runtime the worker compiled');

    // a second worker (a second training run) compiles the kept bytes again and gives the same result
    const again = new CorpusWorkerClient({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS });
    for (const name of ['a.py', 'b.ts', 'README.md']) again.addPath(name, join(dir, name), 1 << 20);
    const second = await again.finish(1);
    assert.deepEqual([...second.vocab.words], [...r.vocab.words]);
    assert.deepEqual(Array.from(second.corpus.ids), Array.from(r.corpus.ids));

    const local = new CorpusProcessor({ tokenizer: { lowercase: true }, code: DEFAULT_CODE_OPTIONS });
    for (const name of ['a.py', 'b.ts', 'README.md']) await local.addText(name, files[name]!, Buffer.byteLength(files[name]!));
    const expected = local.finish(1);
    assert.deepEqual([...r.vocab.words], [...expected.vocab.words]);
    assert.deepEqual(Array.from(r.corpus.ids), Array.from(expected.corpus.ids));
    for (const w of ['http_adapter', 'get_connection', 'register_command', 'connections']) assert.ok(r.vocab.id(w) >= 0, w);
    assert.equal(r.learned.languages.find((l) => l.id === 'python')?.files, 1);
    assert.equal(r.learned.prose.files, 1);
    assert.equal(r.learned.docBlocks.blocks, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('corpus worker: an abort ends it and the result rejects as cancelled', async () => {
  const abort = new AbortController();
  const client = new CorpusWorkerClient({ tokenizer: {}, code: DEFAULT_CODE_OPTIONS }, { signal: abort.signal });
  await client.addBytes('a.py', new TextEncoder().encode('x_y = 1\n'), 1 << 20);
  abort.abort();
  await assert.rejects(client.finish(1), CorpusCancelledError);
});
