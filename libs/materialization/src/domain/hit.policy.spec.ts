import { evaluateHit, HitPartition } from './hit.policy';

const parts = (...states: HitPartition['state'][]): HitPartition[] =>
  states.map((state, i) => ({ key: `2025-10-2${i}`, state }));

describe('evaluateHit', () => {
  it('INCREMENTAL: hit only when every partition is materialized', () => {
    expect(evaluateHit('INCREMENTAL', 'never', parts('materialized', 'materialized'))).toEqual({
      hit: true,
      missing: [],
      fullBackfillRequired: false,
    });
    expect(evaluateHit('INCREMENTAL', 'never', parts('materialized', 'cleared', 'never', 'failed'))).toEqual({
      hit: false,
      missing: [
        { key: '2025-10-21', state: 'cleared' },
        { key: '2025-10-22', state: 'never' },
        { key: '2025-10-23', state: 'failed' },
      ],
      fullBackfillRequired: false,
    });
  });

  it('FULL: needs a refreshed table; unlisted partitions are served, cleared or failed ones are not', () => {
    expect(evaluateHit('FULL', 'materialized', parts('materialized', 'never')).hit).toBe(true);
    expect(evaluateHit('FULL', 'materialized', parts('materialized', 'cleared'))).toMatchObject({
      hit: false,
      missing: [{ key: '2025-10-21', state: 'cleared' }],
    });
    expect(evaluateHit('FULL', 'cleared', parts('materialized'))).toEqual({
      hit: false,
      missing: [],
      fullBackfillRequired: true,
    });
    expect(evaluateHit('FULL', 'never', parts()).fullBackfillRequired).toBe(true);
  });
});
