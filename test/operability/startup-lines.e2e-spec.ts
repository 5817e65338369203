import { makeTempDir } from '@engine/testing';
import { spawnEngine } from '../support/engine-harness';

describe('start-up lines of the engine process', () => {
  it('prints the generated key and "listening" as JSON lines on stdout, even at LOG_LEVEL=warn', async () => {
    // Given a fresh data directory and no API_KEYS: the engine generates an admin key
    const temp = makeTempDir('ple-ops-start-');
    const engine = await spawnEngine({ dataDir: temp.dir, env: { API_KEYS: '', LOG_LEVEL: 'warn' } });
    try {
      // Then every line it wrote is JSON
      const lines = engine
        .output()
        .split('\n')
        .filter((l) => l.trim() !== '');
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const generated = parsed.find((l) => l.event === 'api-key-generated');
      const listening = parsed.find((l) => l.event === 'listening');
      expect(generated).toMatchObject({ tenant: 'default', role: 'admin', keyFile: expect.any(String) });
      expect(listening).toMatchObject({ url: engine.baseUrl, store: 'sqlite', dataDir: temp.dir });
      // And the printed key works
      const res = await engine.request('GET', '/engine/v1/whoami', { key: generated!.apiKey as string });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ tenant: 'default', role: 'admin' });
    } finally {
      await engine.close();
      temp.cleanup();
    }
  });
});
