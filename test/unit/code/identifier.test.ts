import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifierTokens, looksLikeIdentifier, splitIdentifier, wholeIdentifierWord } from '../../../src/core/code/identifier';

const cases: [string, string[]][] = [
  ['getUserName', ['get', 'User', 'Name']],
  ['GetUserName', ['Get', 'User', 'Name']],
  ['get_user_name', ['get', 'user', 'name']],
  ['GET_USER_NAME', ['GET', 'USER', 'NAME']],
  ['get-user-name', ['get', 'user', 'name']],
  ['os.path.join', ['os', 'path', 'join']],
  ['HTTPServer', ['HTTP', 'Server']],
  ['parseHTMLString', ['parse', 'HTML', 'String']],
  ['JWTName', ['JWT', 'Name']],
  ['XMLHttpRequest', ['XML', 'Http', 'Request']],
  ['getHTTPResponseCode', ['get', 'HTTP', 'Response', 'Code']],
  ['HTTPProtocol', ['HTTP', 'Protocol']],
  ['HTTPAdapter', ['HTTP', 'Adapter']],
  ['WebUIUPnP', ['Web', 'UI', 'UPnP']],
  ['userIDs', ['user', 'IDs']],
  ['getURLsFor', ['get', 'URLs', 'For']],
  ['utf8', ['utf8']],
  ['base64', ['base64']],
  ['ipv4', ['ipv4']],
  ['x86', ['x86']],
  ['x86_64', ['x86', '64']],
  ['Unity3DEngine', ['Unity', '3D', 'Engine']],
  ['Vector3D', ['Vector', '3D']],
  ['snake_case_42', ['snake', 'case', '42']],
  ['Float32Array', ['Float32', 'Array']],
  ['base64Encode', ['base64', 'Encode']],
  ['Win32API', ['Win32', 'API']],
  ['MP3Player', ['MP3', 'Player']],
  ['Http2ServerRequest', ['Http2', 'Server', 'Request']],
  ['IPv6Address', ['IPv6', 'Address']],
  ['2fa', ['2fa']],
  ['GitHubClient', ['GitHub', 'Client']],
  ['OAuth2Client', ['OAuth2', 'Client']],
  ['iOSApp', ['iOS', 'App']],
  ['k8sClient', ['k8s', 'Client']],
  ['__init__', ['init']],
  ['_private', ['private']],
  ['$scope', ['scope']],
  ['@Input', ['Input']],
  ['#privateField', ['private', 'Field']],
  ['empty?', ['empty']],
  ['Get-ChildItem', ['Get', 'Child', 'Item']],
  ['--vscode-foreground', ['vscode', 'foreground']],
  ['ÄpfelBaum', ['Äpfel', 'Baum']],
  ['A', ['A']],
];

for (const [input, expected] of cases) {
  test(`splitIdentifier(${input})`, () => assert.deepEqual(splitIdentifier(input), expected));
}

test('identifierTokens: the whole identifier (parts joined by _) when it has several parts, then the parts; one-letter parts left out', () => {
  assert.deepEqual(identifierTokens('HTTPAdapter'), ['http_adapter', 'http', 'adapter']);
  assert.deepEqual(identifierTokens('max_redirects'), ['max_redirects', 'max', 'redirects']);
  assert.deepEqual(identifierTokens('maxRedirects'), ['max_redirects', 'max', 'redirects']);
  assert.deepEqual(identifierTokens('MAX_REDIRECTS'), ['max_redirects', 'max', 'redirects']);
  assert.deepEqual(identifierTokens('adapter'), ['adapter']);
  assert.deepEqual(identifierTokens('getX'), ['get_x', 'get']);
  assert.deepEqual(identifierTokens('i'), []);
  assert.deepEqual(identifierTokens('self.max_retries'), ['self', 'max_retries', 'max', 'retries']);
  assert.deepEqual(identifierTokens('HTTPAdapter', false), ['HTTP_Adapter', 'HTTP', 'Adapter']);
});

test('wholeIdentifierWord', () => {
  assert.equal(wholeIdentifierWord('registerCommand'), 'register_command');
  assert.equal(wholeIdentifierWord('HTTPAdapter'), 'http_adapter');
  assert.equal(wholeIdentifierWord('adapter'), undefined);
  assert.equal(wholeIdentifierWord('GitHub'), undefined);
});

test('looksLikeIdentifier: snake, camel and acronym-word shapes, not prose words', () => {
  for (const w of ['get_user', 'getUser', 'HTMLString', 'IPv6', 'max_retries']) assert.ok(looksLikeIdentifier(w), w);
  for (const w of ['Hello', 'URLs', 'NASA', 'word', 'IDs', 'don']) assert.ok(!looksLikeIdentifier(w), w);
});

// The fast paths (ASCII classes, the plain-word check, the code-point count) must agree with the Unicode rules.
test('looksLikeIdentifier agrees with its three shapes on ASCII and non-ASCII words', () => {
  const shapes = (w: string) => /[\p{L}\p{N}]_+[\p{L}\p{N}]/u.test(w) || /[\p{Ll}\p{N}]\p{Lu}/u.test(w) || /\p{Lu}\p{Lu}\p{Ll}/u.test(w.replace(/(\p{Lu})s(?=$|\P{L})/gu, '$1'));
  const words = ['Ab', 'aB', 'a_b', '_a', 'a_', 'AB', 'ABc', 'ABs', 'URLs', 'x86', 'x86X', '3D', '3d', 'aÉ', 'Éa', 'éA', 'ÄBc', 'İstanbul', 'ǅa', 'aǅ',
    'straße', 'ΑΒγ', 'αΒ', '𝐀𝐁c', 'a𝐀', 'naïve', 'über_alles', 'e\u0301A', 'ok', 'O', '', '__', 'a1B', '1a'];
  for (const w of words) assert.equal(looksLikeIdentifier(w), shapes(w), JSON.stringify(w));
});

test('identifier parts: one-letter parts are left out by code points, not code units; non-ASCII classes still split', () => {
  assert.deepEqual(identifierTokens('𝒳_value'), ['𝒳_value', 'value']); // 𝒳 is one code point in two code units
  assert.deepEqual(identifierTokens('𝒳𝒴_value'), ['𝒳𝒴_value', '𝒳𝒴', 'value']);
  assert.deepEqual(splitIdentifier('ÜberGroßKlasse'), ['Über', 'Groß', 'Klasse']);
  assert.deepEqual(splitIdentifier('value٣Count'), ['value٣', 'Count']); // an Arabic-Indic digit is a digit
  assert.deepEqual(splitIdentifier('cafe\u0301Latte'), ['cafe\u0301', 'Latte']); // a combining mark stays with its letter
});
