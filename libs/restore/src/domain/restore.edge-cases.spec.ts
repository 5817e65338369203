import { SegmentsCommand, SegmentsEvent, SegmentsState } from '@engine/segments/domain';
import { DS, hour, idOf } from '@engine/segments/domain/segments.fixtures';
import { canonicalJson, fingerprintOf } from './canonical-json';
import { history } from './families/restore.fixtures';
import { segmentsRestore } from './families/segments.restore';
import { restoreDecider, withMemory } from './restore.decider';
import { RestoreError } from './restore.errors';
import { diffSubjects, planRestore } from './restore.planner';
import { RestoreFamily } from './restore.types';

describe('canonicalJson', () => {
  it('prints equal values alike: keys sorted at every level, undefined members left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined }, c: null })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1,"c":null}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('prints undefined, and values JSON has no text for, as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(() => 1)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('orders keys by code unit, as JSON does not promise but a fingerprint needs', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, aa: 4 })).toBe('{"B":2,"a":3,"aa":4,"b":1}');
  });
});

describe('fingerprintOf', () => {
  const subjects = new Map<string, unknown>([
    ['s2', 'unused'],
    ['s1', { used: true }],
  ]);

  // Plans are computed by one engine process and applied by another, maybe of a later version:
  // the fingerprint of the same subjects must not change between versions.
  it('is stable: the same subjects always give the same 16 hex digits', () => {
    expect(fingerprintOf(subjects)).toBe('b29756b126a8a160');
    // Nothing fed: FNV-1a's offset basis, and the second variant's.
    expect(fingerprintOf(new Map())).toBe('811c9dc59f37782a');
  });

  it('always prints 16 hex digits, leading zeros included', () => {
    expect(fingerprintOf(new Map([['s37', 1]]))).toBe('0117fffa632d41fd');
    expect(fingerprintOf(new Map([['s16', 1]]))).toBe('60ed37a90e41304e');
  });

  it('ignores insertion order but not keys, values or where a key ends', () => {
    const reordered = new Map([...subjects].reverse());
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(subjects));
    const fingerprints = [
      new Map<string, unknown>([['s1', 'a']]),
      new Map<string, unknown>([['s1', 'b']]),
      new Map<string, unknown>([['s2', 'a']]),
      new Map<string, unknown>([['s', '1a']]),
      new Map<string, unknown>([
        ['s1', 'a'],
        ['s2', 'a'],
      ]),
    ].map(fingerprintOf);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});

const publish: SegmentsCommand = { type: 'PublishSegments', datasource: DS, segments: [hour(0), hour(1)] };
const markAllUnused: SegmentsCommand = { type: 'MarkAllSegmentsUnused', datasource: DS };

describe('restoreDecider', () => {
  const current = history(segmentsRestore, [publish, markAllUnused]).state;

  it('refuses a plan computed from another state, naming both fingerprints', () => {
    let thrown: unknown;
    try {
      restoreDecider(segmentsRestore).decide(
        { type: 'RestoreToPoint', commands: [], expectedFingerprint: 'stale' },
        current,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RestoreError);
    const error = thrown as RestoreError;
    expect([error.code, error.message, error.details]).toEqual([
      'RESTORE_CONFLICT',
      'The aggregate changed since the restore plan was computed; compute a new plan',
      { expectedFingerprint: 'stale', fingerprint: fingerprintOf(segmentsRestore.subjects(current)) },
    ]);
  });

  it("decides on a copy: the caller's state is untouched", () => {
    const before = canonicalJson([...segmentsRestore.subjects(current)]);
    const events = restoreDecider(segmentsRestore).decide(
      {
        type: 'RestoreToPoint',
        commands: [{ type: 'MarkSegmentUsed', datasource: DS, segmentId: idOf(hour(0)) }],
        expectedFingerprint: fingerprintOf(segmentsRestore.subjects(current)),
      },
      current,
    );
    expect(events.length).toBeGreaterThan(0);
    expect(canonicalJson([...segmentsRestore.subjects(current)])).toBe(before);
  });

  it('uses the family clone when it has one', () => {
    const clones: SegmentsState[] = [];
    const family = {
      ...segmentsRestore,
      clone: (state: SegmentsState) => {
        clones.push(state);
        return structuredClone(state);
      },
    };
    restoreDecider(family).decide(
      {
        type: 'RestoreToPoint',
        commands: [],
        expectedFingerprint: fingerprintOf(segmentsRestore.subjects(current)),
      },
      current,
    );
    expect(clones).toEqual([current]);
  });
});

describe('withMemory', () => {
  const counting: RestoreFamily<SegmentsState, SegmentsCommand, SegmentsEvent, number> = {
    ...segmentsRestore,
    plan: () => ({ steps: [], notRestorable: [] }),
    memory: { initial: () => 0, evolve: (seen) => seen + 1 },
  };

  it('folds the state and the memory in one pass', () => {
    const { events, state } = history(segmentsRestore, [publish, markAllUnused]);
    const decider = withMemory(counting);
    const both = events.reduce(decider.evolve, decider.initialState());
    expect(both.memory).toBe(events.length);
    expect(both.state.byId.size).toBe(state.byId.size);
    expect(decider.decide(undefined as never, both)).toEqual([]);
  });

  it('keeps no memory for a family without one', () => {
    const { events } = history(segmentsRestore, [publish]);
    const decider = withMemory(segmentsRestore);
    expect(events.reduce(decider.evolve, decider.initialState()).memory).toBeUndefined();
  });
});

describe('diffSubjects and planRestore', () => {
  const asOf = history(segmentsRestore, [publish]).state;
  const current = history(segmentsRestore, [publish, markAllUnused]).state;

  it('counts the unchanged subjects and keeps to the ones asked for', () => {
    const then = new Map<string, unknown>([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const now = new Map<string, unknown>([
      ['a', 1],
      ['b', 9],
      ['d', 4],
    ]);
    expect(diffSubjects(then, now, () => 'k')).toStrictEqual({
      diffs: [
        { kind: 'k', subject: 'b', current: 9, restoredTo: 2 },
        { kind: 'k', subject: 'c', restoredTo: 3 },
        { kind: 'k', subject: 'd', current: 4 },
      ],
      unchanged: 1,
    });
    expect(diffSubjects(then, now, () => 'k', new Set(['a', 'd']))).toStrictEqual({
      diffs: [{ kind: 'k', subject: 'd', current: 4 }],
      unchanged: 1,
    });
  });

  it('reports the fingerprint of the current subjects and how many are unchanged', () => {
    const plan = planRestore(segmentsRestore, { asOf, current, id: DS });
    expect(plan.fingerprint).toBe(fingerprintOf(segmentsRestore.subjects(current)));
    expect(plan.unchanged).toBe(0);
    expect(planRestore(segmentsRestore, { asOf: current, current, id: DS })).toMatchObject({
      steps: [],
      notRestorable: [],
      unchanged: 2,
    });
  });

  it('names the family rule that refused the commands, and says so for a subject a plan forgets', () => {
    const refused = planRestore(
      {
        ...segmentsRestore,
        plan: () => ({
          steps: [
            {
              command: { type: 'MarkSegmentUnused', datasource: DS, segmentId: 'bad' } as SegmentsCommand,
              undoes: [],
            },
          ],
          notRestorable: [],
        }),
      },
      { asOf, current, id: DS },
    );
    expect(refused.notRestorable[0].message).toMatch(
      /^The family refused the commands a restore needs: Could not parse Segment ID/,
    );
    const forgetful = planRestore(
      { ...segmentsRestore, plan: () => ({ steps: [], notRestorable: [] }) },
      { asOf, current, id: DS },
    );
    expect(forgetful.notRestorable[0]).toMatchObject({
      reason: 'REFUSED_BY_RULES',
      message: "The family's rules would not bring this subject back with the plan's commands",
    });
  });

  it('lets an error that is no domain rule through (a bug, not a refusal)', () => {
    const broken = {
      ...segmentsRestore,
      plan: () => {
        throw new TypeError('bug');
      },
    };
    expect(() => planRestore(broken, { asOf, current, id: DS })).toThrow(TypeError);
  });
});
