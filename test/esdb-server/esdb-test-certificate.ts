/**
 * TEST HELPER. A self-signed certificate for localhost / 127.0.0.1, made by openssl for one test
 * run (it is its own CA: clients trust it through `tlsCAFile`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export function makeTestCertificate(): { key: Buffer; cert: Buffer; caFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'esdb-tls-'));
  const key = path.join(dir, 'node.key');
  const cert = path.join(dir, 'node.crt');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert), caFile: cert };
}
