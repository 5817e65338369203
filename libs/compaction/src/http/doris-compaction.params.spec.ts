import { compactionTarget, DorisRequestError, requiredTabletId } from './doris-compaction.params';
import { formatBytes, formatTime } from './doris-compaction.presenter';

const refusal = (query: Record<string, unknown>) => {
  try {
    compactionTarget(query);
  } catch (error) {
    return error instanceof DorisRequestError ? error.message : error;
  }
  return 'accepted';
};

describe('Doris compaction parameters', () => {
  it('reads the target of a tablet or, always as full, of a table', () => {
    expect(compactionTarget({ tablet_id: '10015', compact_type: 'cumulative' })).toEqual({
      kind: 'tablet',
      tabletId: 10015,
      compactionType: 'cumulative',
    });
    expect(compactionTarget({ table_id: '7', compact_type: 'base' })).toEqual({ kind: 'table', tableId: 7 });
    // BEHAVIOUR.md §6 / compaction_action.cpp: table_id=0 is not the table path but tablet 0.
    expect(compactionTarget({ table_id: '0', compact_type: 'base' })).toEqual({
      kind: 'tablet',
      tabletId: 0,
      compactionType: 'base',
    });
  });

  it('uses the first of repeated parameters', () => {
    expect(compactionTarget({ tablet_id: ['1', '2'], compact_type: 'full' })).toMatchObject({ tabletId: 1 });
  });

  it('refuses ids beyond 2^53-1 rather than round them', () => {
    expect(refusal({ tablet_id: '9007199254740993', compact_type: 'full' })).toBe(
      'convert tablet_id failed, stoull',
    );
    expect(refusal({ tablet_id: ' 12', compact_type: 'full' })).toBe('convert tablet_id failed, stoull');
  });

  it('asks for the tablet of run_status and show', () => {
    expect(requiredTabletId({ tablet_id: '3' })).toBe(3);
    expect(() => requiredTabletId({})).toThrow('tablet id can not be empty!');
  });
});

describe('Doris show formatting', () => {
  it('prints sizes like Doris', () => {
    expect(formatBytes(0)).toBe('0');
    expect(formatBytes(87)).toBe('87.00 B');
    expect(formatBytes(589_373)).toBe('575.56 KB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });

  it('prints times as yyyy-MM-dd HH:mm:ss.SSS, the epoch for never', () => {
    expect(formatTime('2026-01-02T03:04:05.678Z')).toBe('2026-01-02 03:04:05.678');
    expect(formatTime(null)).toBe('1970-01-01 00:00:00.000');
  });
});
