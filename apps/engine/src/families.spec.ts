import { RESTORE_SLICE } from '@engine/restore';
import { FAMILY_CONTRACTS } from './audit-registrations';
import { CROSS_FAMILY_SLICES, FAMILIES, NATIVE_ERROR_STATUSES } from './families';

/** The app lists each slice once; everything it wires is derived from that list. */
describe('the engine families', () => {
  const slices = [...FAMILIES, ...CROSS_FAMILY_SLICES];

  it('lists five lifecycle families and restore, each module once', () => {
    expect(FAMILIES).toHaveLength(5);
    expect(CROSS_FAMILY_SLICES).toEqual([RESTORE_SLICE]);
    expect(new Set(slices.map((s) => s.module)).size).toBe(slices.length);
  });

  it("answers every slice's domain codes with that slice's status, restore's included", () => {
    for (const slice of slices) {
      for (const [code, status] of Object.entries(slice.nativeErrorStatuses)) {
        expect([code, NATIVE_ERROR_STATUSES[code]]).toEqual([code, status]);
      }
    }
    expect(NATIVE_ERROR_STATUSES.RESTORE_CONFLICT).toBe(409);
    const codes = new Set(slices.flatMap((s) => Object.keys(s.nativeErrorStatuses)));
    expect(Object.keys(NATIVE_ERROR_STATUSES).sort()).toEqual([...codes].sort());
  });

  it("hands audit each family's contract, one stream category in one family only", () => {
    expect(FAMILY_CONTRACTS).toEqual(FAMILIES.map((f) => f.contract));
    const categories = FAMILY_CONTRACTS.flatMap((c) => c.audit.map((a) => a.category));
    expect(new Set(categories).size).toBe(categories.length);
    expect([...categories].sort()).toEqual(
      ['datasource', 'mergetree', 'lftable', 'lfcatalog', 'tablet', 'matplan'].sort(),
    );
  });
});
