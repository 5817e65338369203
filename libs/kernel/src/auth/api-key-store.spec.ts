import { makeTempDir } from '@engine/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/engine-config';
import { ApiKeyStore, hashKey } from './api-key-store';

describe('ApiKeyStore: tenant and engine-wide keys', () => {
  const temp = makeTempDir('ple-keys-');
  afterAll(() => temp.cleanup());
  const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  afterAll(() => quiet.mockRestore());

  it('given API_KEYS with tenant *, when authenticating, then that key is engine-wide and tenant keys are not', () => {
    const store = new ApiKeyStore(
      loadConfig({ DATA_DIR: temp.dir, API_KEYS: 'tenant-key-1:acme:admin,system-key-1:*:reader' }),
    );
    expect(store.authenticate('tenant-key-1')).toMatchObject({
      tenant: 'acme',
      role: 'admin',
      system: false,
    });
    expect(store.authenticate('system-key-1')).toMatchObject({ tenant: '*', role: 'reader', system: true });
    expect(store.authenticate('nope')).toBeUndefined();
  });

  it("given no API_KEYS, when the engine starts, then its one generated key is the operator's: admin of default and engine-wide", () => {
    const dir = path.join(temp.dir, 'generated');
    new ApiKeyStore(loadConfig({ DATA_DIR: dir }));
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'api-keys.json'), 'utf8')) as object[];
    expect(stored).toEqual([expect.objectContaining({ tenant: 'default', role: 'admin', system: true })]);
  });

  it('given a key file written before engine-wide keys existed, when loaded, then its key stays engine-wide', () => {
    const dir = path.join(temp.dir, 'legacy');
    fs.mkdirSync(dir);
    const file = [{ hash: hashKey('legacy-key-1'), tenant: 'default', role: 'admin' }];
    fs.writeFileSync(path.join(dir, 'api-keys.json'), JSON.stringify(file));
    const store = new ApiKeyStore(loadConfig({ DATA_DIR: dir }));
    expect(store.authenticate('legacy-key-1')).toMatchObject({ tenant: 'default', system: true });
  });
});
