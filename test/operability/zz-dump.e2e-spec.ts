import * as fs from 'node:fs';
import { startEngine } from '../support/engine-harness';
it('dumps', async () => {
  const e = await startEngine();
  const r = await e.request('GET', '/docs-json', { key: null });
  fs.writeFileSync('/tmp/openapi.json', r.text);
  await e.close();
});
