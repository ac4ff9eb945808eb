import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainNotificationText } from '../../../src/core/notification-text';

// VS Code's notification link pattern: [label](target). None may survive.
const LINK = /\[[^\]]*\]\((command|https?|file):/;

test('notification text never holds a markdown link, and reads the same', () => {
  for (const hostile of ['[q](command:workbench.action.quit)', 'a [x](https://evil.example) b', '[f](file:///etc/passwd)', '[[n]](command:x)']) {
    const plain = plainNotificationText(`could not load ${hostile}.vec`);
    assert.doesNotMatch(plain, LINK, plain);
    assert.equal(plain.replace(/\u2060/g, ''), `could not load ${hostile}.vec`);
  }
  assert.equal(plainNotificationText('trained on 60 files (12,345 tokens)'), 'trained on 60 files (12,345 tokens)');
});
