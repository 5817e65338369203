import { defineProjection } from '../src/projections/define-projection';
import type { CounterEvent } from './counter.fixture';

/** The counter totals as a typed projection: per tenant and stream, with the last event's position and time. */
export const typedTotals = defineProjection<CounterEvent>()({
  name: 'typed-counter-totals',
  source: { file: __filename, exportName: 'typedTotals' },
  version: 1,
  categories: ['counter'],
  tables: `CREATE TABLE IF NOT EXISTS totals (
    tenant TEXT NOT NULL, stream TEXT NOT NULL, total INTEGER NOT NULL, position TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (tenant, stream))`,
  prepare: (db) => ({
    add: db.prepare(
      `INSERT INTO totals VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, stream) DO UPDATE SET
       total = total + excluded.total, position = excluded.position, at = excluded.at`,
    ),
  }),
  on: {
    Incremented({ by }, ctx) {
      ctx.sql.add.run(ctx.tenant, ctx.stream, by, ctx.position.toString(), ctx.time);
    },
  },
});
