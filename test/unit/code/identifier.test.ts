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
