// Extraction through the real grammars (dist/grammars), one snippet per shipped language: the comment's words, the
// prose string's words and the identifier's parts come out, each only with its part turned on; keywords do not;
// a string holding a URL or JSON is not prose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorpusProcessor } from '../../../src/engine/corpus-processor';
import { Grammars } from '../../../src/engine/code/grammars';
import { CODE_LANGUAGES } from '../../../src/core/code/languages';
import type { CodePart } from '../../../src/core/code/source-report';

const grammars = new Grammars();

async function words(file: string, source: string, parts: CodePart[]): Promise<Set<string>> {
  const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: { enabled: true, parts } }, grammars);
  const outcome = await p.addText(file, source);
  assert.ok(outcome.used, `${file}: ${JSON.stringify(outcome)}`);
  p.builder.end();
  return new Set(p.builder.finish({ minCount: 1 }).vocab.words);
}

// Each snippet: a comment "frobnicate the widgets", a prose string "hello brave world", a URL string and a JSON
// string, and the identifier fetchUserName (or fetch_user_name); `keywords` must not come out.
const snippets: Record<string, { file: string; source: string; keywords: string[] }> = {
  python: { file: 'a.py', keywords: ['def', 'return', 'import', 'self'], source: `import os\n# frobnicate the widgets\ndef fetch_user_name(self):\n    u = "https://example.com/docs"\n    j = '{"alpha": 1}'\n    return "hello brave world"\n` },
  typescript: { file: 'a.ts', keywords: ['const', 'function', 'return', 'this', 'string'], source: `// frobnicate the widgets\nexport function fetchUserName(this: any): string {\n  const u = 'https://example.com/docs';\n  const j = '{"alpha": 1}';\n  return \`hello brave world\`;\n}\n` },
  typescriptreact: { file: 'a.tsx', keywords: ['const', 'return', 'div'], source: `// frobnicate the widgets\nconst fetchUserName = () => { const u = "https://example.com/docs"; const j = '{"alpha": 1}'; return <p title="hello brave world">x</p>; };\n` },
  javascript: { file: 'a.js', keywords: ['const', 'function', 'return'], source: `/* frobnicate the widgets */\nfunction fetchUserName() {\n  const u = "https://example.com/docs", j = '{"alpha": 1}';\n  return "hello brave world";\n}\n` },
  go: { file: 'a.go', keywords: ['func', 'return', 'package', 'string'], source: `package main\n// frobnicate the widgets\nfunc fetchUserName() string {\n\tu := "https://example.com/docs"\n\tj := \`{"alpha": 1}\`\n\t_ = u + j\n\treturn "hello brave world"\n}\n` },
  rust: { file: 'a.rs', keywords: ['fn', 'let', 'str'], source: `/// frobnicate the widgets\nfn fetch_user_name() -> &'static str {\n    let u = "https://example.com/docs";\n    let j = r#"{"alpha": 1}"#;\n    "hello brave world"\n}\n` },
  java: { file: 'A.java', keywords: ['public', 'class', 'return', 'string'], source: `/** frobnicate the widgets */\npublic class A {\n  String fetchUserName() {\n    String u = "https://example.com/docs";\n    String j = "{\\"alpha\\": 1}";\n    return "hello brave world";\n  }\n}\n` },
  csharp: { file: 'A.cs', keywords: ['class', 'return', 'string', 'var'], source: `// frobnicate the widgets\nclass A {\n  string FetchUserName() {\n    var u = "https://example.com/docs";\n    var j = @"{""alpha"": 1}";\n    return "hello brave world";\n  }\n}\n` },
  cpp: { file: 'a.cpp', keywords: ['int', 'return', 'const', 'std'], source: `// frobnicate the widgets\n#include <string>\nconst char* fetchUserName() {\n  std::string u = "https://example.com/docs";\n  const char* j = R"({"alpha": 1})";\n  return "hello brave world";\n}\n` },
  c: { file: 'a.c', keywords: ['int', 'return', 'char', 'const'], source: `/* frobnicate the widgets */\nconst char *fetch_user_name(void) {\n  const char *u = "https://example.com/docs";\n  const char *j = "{\\"alpha\\": 1}";\n  return "hello brave world";\n}\n` },
  ruby: { file: 'a.rb', keywords: ['def', 'end', 'self'], source: `# frobnicate the widgets\ndef fetch_user_name\n  u = "https://example.com/docs"\n  j = '{"alpha": 1}'\n  "hello brave world"\nend\n` },
  php: { file: 'a.php', keywords: ['function', 'return', 'php', 'this'], source: `<?php\n// frobnicate the widgets\nfunction fetchUserName() {\n  $u = "https://example.com/docs";\n  $j = '{"alpha": 1}';\n  return "hello brave world";\n}\n` },
  shellscript: { file: 'a.sh', keywords: ['echo', 'local', 'function'], source: `#!/bin/bash\n# frobnicate the widgets\nfunction fetch_user_name() {\n  local u="https://example.com/docs"\n  local j='{"alpha": 1}'\n  echo "hello brave world"\n}\n` },
  powershell: { file: 'a.ps1', keywords: ['function', 'param', 'return'], source: `# frobnicate the widgets\nfunction Fetch-UserName {\n  $u = "https://example.com/docs"\n  $j = '{"alpha": 1}'\n  return "hello brave world"\n}\n` },
  css: { file: 'a.css', keywords: ['color', 'display', 'hover'], source: `/* frobnicate the widgets */\n.fetch-user-name:hover { color: red; display: block; font-family: "hello brave world"; background: url("https://example.com/docs"); }\n` },
};

test('a snippet for every shipped language', () => {
  assert.deepEqual(Object.keys(snippets).sort(), CODE_LANGUAGES.map((l) => l.id).sort());
});

for (const [id, s] of Object.entries(snippets)) {
  test(`extraction: ${id}`, async () => {
    const comments = await words(s.file, s.source, ['comments']);
    assert.ok(comments.has('frobnicate') && comments.has('widgets'), `${id} comments: ${[...comments]}`);
    assert.ok(!comments.has('fetch') && !comments.has('brave'), `${id} comments only: ${[...comments]}`);

    const strings = await words(s.file, s.source, ['strings']);
    assert.ok(strings.has('brave') && strings.has('hello'), `${id} strings: ${[...strings]}`);
    for (const w of ['example', 'https', 'docs', 'alpha', 'frobnicate']) assert.ok(!strings.has(w), `${id} strings: "${w}" in ${[...strings]}`);

    const identifiers = await words(s.file, s.source, ['identifiers']);
    assert.ok(identifiers.has('fetch') && identifiers.has('user') && identifiers.has('name'), `${id} identifiers: ${[...identifiers]}`);
    assert.ok(identifiers.has('fetch_user_name'), `${id}: the whole identifier in ${[...identifiers]}`);
    assert.ok(!identifiers.has('frobnicate') && !identifiers.has('brave'), `${id} identifiers only: ${[...identifiers]}`);

    const all = await words(s.file, s.source, ['comments', 'strings', 'identifiers']);
    for (const k of s.keywords) assert.ok(!all.has(k), `${id}: keyword "${k}" in ${[...all]}`);
  });
}

test('grammars load lazily: only those of the languages met', async () => {
  const g = new Grammars();
  const p = new CorpusProcessor({ tokenizer: {}, code: { enabled: true, parts: ['identifiers'] } }, g);
  await p.addText('notes.md', 'Just prose, no code.\n');
  assert.deepEqual(g.loaded, []);
  await p.addText('a.py', 'x_value = other_value\n');
  assert.deepEqual(g.loaded, ['python']);
  await p.addText('b.md', '```go\nfunc mainLoop() {}\n```\n');
  assert.deepEqual(g.loaded.sort(), ['go', 'python']);
});

test('Markdown code blocks go through their grammar; their keywords never reach the prose', async () => {
  const md = 'Call the adapter like this:\n\n```python\nimport requests\ndef send_request(self):\n    return requests.get("https://x.org")\n```\n\n```text\nplain output words\n```\n';
  const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: { enabled: true, parts: ['comments', 'strings', 'identifiers'] } }, grammars);
  await p.addText('README.md', md);
  p.builder.end();
  const vocab = new Set(p.builder.finish({ minCount: 1 }).vocab.words);
  for (const w of ['adapter', 'send_request', 'send', 'request', 'requests']) assert.ok(vocab.has(w), `${w}: ${[...vocab]}`);
  for (const w of ['import', 'def', 'return', 'self', 'plain', 'output']) assert.ok(!vocab.has(w), `${w}: ${[...vocab]}`);
  assert.equal(p.learned.docBlocks.blocks, 1);
  assert.equal(p.learned.docBlocks.noGrammar, 1);
});

test('Python docstrings are prose (with their markup words dropped), their doctests are code', async () => {
  const py = 'def get_adapter(url):\n    """Returns the connection adapter for the given URL.\n\n    :param url: The URL.\n    :rtype: BaseAdapter\n\n    >>> get_adapter("http://x")\n    <Adapter>\n    """\n';
  const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: { enabled: true, parts: ['comments', 'identifiers'] } }, grammars);
  await p.addText('a.py', py);
  p.builder.end();
  const vocab = new Set(p.builder.finish({ minCount: 1 }).vocab.words);
  for (const w of ['returns', 'connection', 'adapter', 'base_adapter', 'get_adapter']) assert.ok(vocab.has(w), `${w}: ${[...vocab]}`);
  for (const w of ['rtype', 'param']) assert.ok(!vocab.has(w), `${w}: ${[...vocab]}`);
  assert.ok(p.learned.languages[0]!.tokens.comments > 0);
});

test('generated files and turned-off languages are skipped and counted', async () => {
  const p = new CorpusProcessor({ tokenizer: {}, code: { enabled: true, parts: ['identifiers'], languages: { go: false } } }, grammars);
  assert.deepEqual(await p.addText('x.go', 'package main\n'), { used: false, reason: 'languageOff' });
  assert.deepEqual(await p.addText('a.ts', '// Code generated by a tool. DO NOT EDIT.\nexport const x = 1;\n'), { used: false, reason: 'generated' });
  assert.deepEqual(await p.addText('b.js', 'var a=1;'.repeat(1000)), { used: false, reason: 'generated' });
  assert.deepEqual(p.learned.skipped, { languageOff: 1, generated: 2 });
  const off = new CorpusProcessor({ tokenizer: {}, code: { enabled: false, parts: [] } }, grammars);
  assert.deepEqual(await off.addText('a.py', 'x = 1\n'), { used: false, reason: 'codeOff' });
});

test('a repeated license header is learned from once', async () => {
  const header = '// Copyright (c) Example Corporation. All rights reserved.\n// Licensed under the MIT License. See License.txt in the project root.\n';
  const p = new CorpusProcessor({ tokenizer: {}, code: { enabled: true, parts: ['comments'] } }, grammars);
  await p.addText('a.ts', header + 'export const a = 1;\n');
  await p.addText('b.ts', header + 'export const b = 2;\n');
  assert.equal(p.learned.dropped.repeatedComments, 1);
});

test('identifiers written in the prose of a document are the same words as in code', async () => {
  const p = new CorpusProcessor({ tokenizer: { lowercase: true }, code: { enabled: true, parts: ['identifiers'] } }, grammars);
  await p.addText('README.md', 'Mount an `HTTPAdapter` on the session.\nPlain words stay, state-of-the-art too.\n');
  p.builder.end();
  const vocab = new Set(p.builder.finish({ minCount: 1 }).vocab.words);
  for (const w of ['http_adapter', 'http', 'adapter', 'mount', 'session', 'state-of-the-art']) assert.ok(vocab.has(w), `${w}: ${[...vocab]}`);
  assert.ok(!vocab.has('httpadapter'));
});
