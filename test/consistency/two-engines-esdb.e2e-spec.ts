import { makeTempDir } from '@engine/testing';
import { LakeFormationClient } from '../catalog/lakeformation-client';
import { SpawnedEngine, spawnEngine } from '../support/engine-harness';
import { EsdbTestServer } from '../esdb-server/esdb-test-server';
import { publish, segmentBody, usedSegments } from './consistency-support';

const ROUNDS = 10;

/**
 * Two engine processes on one EventStoreDB (the test gRPC server): a read on B given the
 * position of a write on A shows that write, every time; conflicting commands on one aggregate
 * and one Idempotency-Key sent to both end in one consistent history that both read alike.
 */
describe('consistency model across two engine processes on EventStoreDB', () => {
  const dirA = makeTempDir('ple-consistency-a-');
  const dirB = makeTempDir('ple-consistency-b-');
  let server: EsdbTestServer;
  let a: SpawnedEngine;
  let b: SpawnedEngine;

  beforeAll(async () => {
    server = await EsdbTestServer.start();
    const env = { EVENTSTORE_CONNECTION_STRING: server.connectionString };
    [a, b] = await Promise.all([
      spawnEngine({ dataDir: dirA.dir, env }),
      spawnEngine({ dataDir: dirB.dir, env }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await server?.stop();
    dirA.cleanup();
    dirB.cleanup();
  });

  it(`a write on A read on B with its position shows the write, ${ROUNDS} of ${ROUNDS}`, async () => {
    let seen = 0;
    let staleWithoutPosition = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const position = await publish(a, 'two_ds', i);
      // Without the position B answers what it has (a figure only: B is allowed to be behind).
      const plain = await usedSegments(b, 'two_ds');
      if (plain.count < i + 1) staleWithoutPosition++;
      const read = await usedSegments(b, 'two_ds', position);
      expect(read.status).toBe(200);
      if (read.count === i + 1) seen++;
    }
    console.log(
      `write on A, read on B: ${seen}/${ROUNDS} show the write with its position; ` +
        `${staleWithoutPosition}/${ROUNDS} reads without a position were behind`,
    );
    expect(seen).toBe(ROUNDS);
  }, 60_000);

  it('conflicting commands on one aggregate through both processes are all applied, once', async () => {
    const positions: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const [pa, pb] = await Promise.all([publish(a, 'race_ds', 2 * i), publish(b, 'race_ds', 2 * i + 1)]);
      expect(pa).not.toBe(pb);
      positions.push(BigInt(pa), BigInt(pb));
    }
    const last = positions.reduce((max, p) => (p > max ? p : max)).toString();
    const [onA, onB] = await Promise.all([
      usedSegments(a, 'race_ds', last),
      usedSegments(b, 'race_ds', last),
    ]);
    expect(onA).toMatchObject({ status: 200, count: 10 });
    expect(onB.text).toBe(onA.text);
  }, 60_000);

  it('the same Idempotency-Key on both processes is applied once, both answered with its position', async () => {
    const send = (engine: SpawnedEngine) =>
      engine.request('POST', '/engine/v1/datasources/key_ds/segments', {
        body: segmentBody(0),
        headers: { 'Idempotency-Key': 'two-engines-key-1' },
      });
    const [ra, rb] = await Promise.all([send(a), send(b)]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const position = ra.headers.get('x-engine-position');
    expect(position).toMatch(/^\d+$/);
    expect(rb.headers.get('x-engine-position')).toBe(position);
    // A different request under the key is refused on either process.
    const other = await b.request('POST', '/engine/v1/datasources/key_ds/segments', {
      body: segmentBody(1),
      headers: { 'Idempotency-Key': 'two-engines-key-1' },
    });
    expect(other.status).toBe(422);
    const [onA, onB] = await Promise.all([
      usedSegments(a, 'key_ds', position!),
      usedSegments(b, 'key_ds', position!),
    ]);
    expect(onA).toMatchObject({ status: 200, count: 1 });
    expect(onB).toMatchObject({ status: 200, count: 1 });
  }, 60_000);
  it('a read on B of a read model that does not take the write still answers at its position', async () => {
    const lf = new LakeFormationClient(b);
    const t = { catalog: 'twocat', database: 'twodb', table: 'twotable' };
    await lf.createTableWithKeys(t, ['p']);
    // The last write is a segment (not a catalog event): the catalog read model must pass it too.
    const position = await publish(a, 'other_ds', 0);
    const listed = await lf.list(t, `?minPosition=${position}`);
    expect(listed.status).toBe(200);
  }, 60_000);
});
