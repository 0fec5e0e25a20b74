/**
 * A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the `openssl` CLI
 * in a temp dir (offline, ~50 ms). Cached per process: every test server shares one CA.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TestCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let cached: TestCerts | undefined;

export function testCerts(): TestCerts {
  cached ??= generate();
  return cached;
}

function generate(): TestCerts {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-apiserver-'));
  const file = (name: string): string => path.join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.crt'),
      '-days',
      '3650',
      '-subj',
      '/CN=icd-test-ca',
    );
    ssl(
      'req',
      ...ec,
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=kube-apiserver',
    );
    fs.writeFileSync(
      file('ext.cnf'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('server.crt'),
      '-days',
      '3650',
      '-extfile',
      file('ext.cnf'),
    );
    return {
      caPem: fs.readFileSync(file('ca.crt'), 'utf8'),
      certPem: fs.readFileSync(file('server.crt'), 'utf8'),
      keyPem: fs.readFileSync(file('server.key'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
