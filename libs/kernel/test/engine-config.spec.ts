import { ConfigError, loadConfig } from '../src/config/engine-config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', auth: true, apiKeys: undefined });
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.eventStoreConnectionString).toBeUndefined();
  });

  it('parses API_KEYS as key:tenant:role', () => {
    const config = loadConfig({ API_KEYS: 'aaaaaaaa1:acme:admin, bbbbbbbb2:globex:reader' });
    expect(config.apiKeys).toEqual([
      { key: 'aaaaaaaa1', tenant: 'acme', role: 'admin' },
      { key: 'bbbbbbbb2', tenant: 'globex', role: 'reader' },
    ]);
  });

  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        API_KEYS: 'aaaaaaaa1:acme:root',
        AUTH: 'off',
        HOST: '0.0.0.0',
        EVENTSTORE_CONNECTION_STRING: 'http://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('role');
    expect(problems).toContain('AUTH=off');
    expect(problems).toContain('EVENTSTORE_CONNECTION_STRING');
  });
});
