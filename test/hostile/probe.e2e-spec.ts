import { startEngine, keys } from '../support/engine-harness';
it('probe', async () => {
  const e = await startEngine();
  for (const h of [{}, { 'idempotency-key': '3uQeD7' }]) {
    try {
      const r = await e.request('POST', '/druid/coordinator/v1/datasources/pp/markUnused', {
        rawBody: '{"a":"\\ud800"}',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.admin}`, ...h },
      });
      console.log(JSON.stringify(h), r.status, r.text.slice(0, 300));
    } catch (err) {
      console.log(JSON.stringify(h), 'ERR', (err as Error).message);
    }
  }
  await e.close();
});
