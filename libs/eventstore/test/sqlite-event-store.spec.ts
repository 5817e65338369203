import { makeTempDir } from '@engine/testing';
import * as path from 'node:path';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('sqlite', async () => {
  const temp = makeTempDir('ple-contract-');
  const store = new SqliteEventStore({ file: path.join(temp.dir, 'events.sqlite') });
  return {
    store,
    async cleanup() {
      await store.close();
      temp.cleanup();
    },
  };
});
