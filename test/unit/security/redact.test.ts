import * as assert from 'assert';
import { redactOpaque, redactSecrets } from '../../../src/core/redact';

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLWJ5dGVz';

describe('redactSecrets', () => {
  it('redacts Authorization headers, plain and echoed as JSON, keeping the header name', () => {
    assert.strictEqual(redactSecrets('Authorization: Bearer abc.def-123456'), 'Authorization: [REDACTED]');
    assert.strictEqual(
      redactSecrets('headers were {"Authorization":["Bearer abcdef123456"],"Accept":["application/json"]}'),
      'headers were {"Authorization":["[REDACTED]"],"Accept":["application/json"]}',
    );
    assert.strictEqual(
      redactSecrets('proxy-authorization=Basic dXNlcjpwYXNzd29yZA=='),
      'proxy-authorization=[REDACTED]',
    );
  });

  it('redacts bearer/basic credentials, JWTs and token/password keys anywhere', () => {
    assert.strictEqual(redactSecrets('sent bearer 0123456789abcdef'), 'sent bearer [REDACTED]');
    assert.strictEqual(redactSecrets(`token is ${JWT}.`), `token is [REDACTED].`);
    assert.strictEqual(
      redactSecrets('{"status":{"token":"k8s-aws-v1.aHR0cHM6Ly9zdHM"}}'),
      '{"status":{"token":"[REDACTED]"}}',
    );
    assert.strictEqual(redactSecrets('client-key-data: LS0tLS1CRUdJTg=='), 'client-key-data: [REDACTED]');
    assert.strictEqual(redactSecrets('password=hunter2hunter2'), 'password=[REDACTED]');
  });

  it('redacts PEM blocks, also one cut short by an excerpt', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    assert.strictEqual(redactSecrets(`key: ${pem} done`), 'key: -----BEGIN [REDACTED]----- done');
    assert.strictEqual(
      redactSecrets('x -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE'),
      'x -----BEGIN [REDACTED]-----',
    );
  });

  it('redacts the literal secret in use wherever it appears, and leaves ordinary text alone', () => {
    assert.strictEqual(redactSecrets('got opaque-value-42 back', ['opaque-value-42']), 'got [REDACTED] back');
    const plain = 'pods "web-1" is forbidden: User "alice" cannot list resource "pods" in API group ""';
    assert.strictEqual(redactSecrets(plain, ['abc']), plain);
  });

  it('redactOpaque also hides any long token-like run (exec plugin output)', () => {
    assert.strictEqual(
      redactOpaque('not json: k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8'),
      'not json: [REDACTED]',
    );
    assert.strictEqual(redactOpaque('error: expired'), 'error: expired');
  });

  it('is linear on adversarial input (each pattern on 200 KB of its own worst case)', () => {
    const inputs = [
      `token:${' '.repeat(200_000)}`,
      `authorization${' '.repeat(200_000)}x`,
      '-eyJ'.repeat(50_000),
      'eyJaaaa.'.repeat(25_000),
      'bearer '.repeat(30_000),
      '-----BEGIN '.repeat(20_000),
      'a'.repeat(200_000),
      'token: a '.repeat(25_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      redactOpaque(input, ['aaaaaaaaaaaa']);
      const ms = performance.now() - started;
      assert.ok(ms < 300, `${JSON.stringify(input.slice(0, 20))}: ${Math.round(ms)} ms`);
    }
  });
});
