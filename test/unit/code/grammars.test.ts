// Loading the grammars: compiled on the calling thread (the default) they parse exactly as through web-tree-sitter's
// own asynchronous load, whatever the order they load in and however many load at once, and the grammar's module
// really is compiled without WebAssembly.instantiate (the path that queues behind V8's background compilers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Grammars } from '../../../src/engine/code/grammars';

// One small source per shipped grammar, with a comment, a string and a few identifiers.
const sources: Record<string, string> = {
  python: 'import os\n# fetch it\ndef fetch_user_name(self, n=3):\n    """Docs."""\n    return f"user {n}" + os.sep\n',
  typescript: '// fetch it\nexport function fetchUserName(n: number): string {\n  const u = `user ${n}`;\n  return u as string;\n}\n',
  tsx: 'const Row = ({ n }: { n: number }) => <p title="user">{n}</p>; // row\n',
  javascript: '/* fetch it */\nfunction fetchUserName(n) {\n  return "user " + n;\n}\n',
  go: 'package main\n// fetch it\nfunc fetchUserName(n int) string {\n\treturn fmt.Sprint("user ", n)\n}\n',
  rust: '/// fetch it\nfn fetch_user_name(n: u32) -> String {\n    format!("user {}", n)\n}\n',
  java: '/** fetch it */\nclass A { String fetchUserName(int n) { return "user " + n; } }\n',
  'c-sharp': '// fetch it\nclass A { string FetchUserName(int n) { return $"user {n}"; } }\n',
  cpp: '// fetch it\n#include <string>\nstd::string fetchUserName(int n) { return "user " + std::to_string(n); }\n',
  ruby: '# fetch it\ndef fetch_user_name(n)\n  "user #{n}"\nend\n',
  php: '<?php\n// fetch it\nfunction fetchUserName($n) { return "user " . $n; }\n',
  bash: '#!/bin/bash\n# fetch it\nfetch_user_name() {\n  echo "user $1"\n}\n',
  powershell: '# fetch it\nfunction Get-UserName($N) {\n  return "user $N"\n}\n',
  css: '/* fetch it */\n.user-name:hover { color: red; font-family: "user"; }\n',
};
const names = Object.keys(sources);

async function trees(g: Grammars, order: string[], atOnce: boolean): Promise<Record<string, string>> {
  const parse = async (name: string): Promise<[string, string]> => {
    const tree = (await g.parser(name)).parse(sources[name]!)!;
    try {
      return [name, tree.rootNode.toString()];
    } finally {
      tree.delete();
    }
  };
  const out: [string, string][] = [];
  if (atOnce) out.push(...(await Promise.all(order.map(parse))));
  else for (const name of order) out.push(await parse(name));
  return Object.fromEntries(out);
}

// First in this file: an asynchronous load queues behind the TurboFan jobs that earlier parses started (seconds).
test('a grammar compiled on this thread does not go through WebAssembly.instantiate, which is left as it was', async () => {
  await new Grammars().parser('python'); // loads the runtime too (once per thread, compiled on this thread)
  const original = WebAssembly.instantiate;
  let calls = 0;
  const spy = function (this: unknown, ...args: Parameters<typeof original>) {
    calls++;
    return Reflect.apply(original, this, args);
  } as typeof original;
  WebAssembly.instantiate = spy;
  try {
    await new Grammars().parser('css');
    assert.equal(calls, 0);
    assert.equal(WebAssembly.instantiate, spy);
    await new Grammars(undefined, 'background').parser('css');
    assert.equal(calls, 1, 'the background load does use it');
    await assert.rejects(new Grammars().parser('no-such-language'), /not shipped/);
    assert.equal(WebAssembly.instantiate, spy);
  } finally {
    WebAssembly.instantiate = original;
  }
});

test('grammars compiled on this thread parse as web-tree-sitter\'s own load does, in any order, one or all at once', async () => {
  // Both ways at once, before any parse (which would start V8's slow background compilations): the asynchronous
  // loads are not caught by the synchronous ones' replacement of WebAssembly.instantiate.
  const background = new Grammars(undefined, 'background');
  const mixed = new Grammars();
  await Promise.all(names.flatMap((name) => [background.parser(name), mixed.parser(name)]));
  const reference = await trees(background, names, false);
  for (const name of names) assert.ok(!reference[name]!.includes('ERROR'), `${name}: ${reference[name]}`);
  assert.deepEqual(await trees(mixed, names, false), reference);
  assert.deepEqual(await trees(new Grammars(), names, false), reference);
  assert.deepEqual(await trees(new Grammars(), [...names].reverse(), false), reference);
  assert.deepEqual(await trees(new Grammars(), [...names].reverse(), true), reference);
});
