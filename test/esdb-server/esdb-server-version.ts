/**
 * TEST DOUBLE ONLY. The EventStoreDB / KurrentDB server versions the test server can copy, and
 * which filtered-$all subscription behaviour each one has. Facts from the server's source
 * (github.com/kurrent-io/KurrentDB, tags oss-v22.10.0 … v25.1.4):
 *  - `caughtUp` goes to gRPC clients from 23.10 (oss-v23.10.0
 *    src/EventStore.Core/Services/Transport/Grpc/Enumerators.AllSubscriptionFiltered.cs writes
 *    ReadResp.CaughtUp; the 22.10 file only notes it internally).
 *  - 24.2 rewrote the filtered $all subscription (commit 134b4a924 "smooth transitions between
 *    live and catchup", Enumerator.AllSubscriptionFiltered.cs): page-based catch-up, a 32-entry
 *    live buffer, back to catch-up when it overflows.
 *  - 24.10.5 fixed its checkpoints (d2a84c182 [KDB-710], 0804bf99c [KDB-744]): no
 *    (2^64-1, 2^64-1) sentinel, and the page start becomes the checkpoint after every page.
 */
export interface ServerVersion {
  readonly text: string;
  /** Sends `caughtUp` to gRPC subscribers. */
  readonly sendsCaughtUp: boolean;
  /** The 24.2+ subscription: paged catch-up and a live buffer; else the older one. */
  readonly paged: boolean;
  /** KDB-710 (24.10.5, 25.0.0): never sends the (2^64-1, 2^64-1) sentinel. */
  readonly noSentinel: boolean;
  /** KDB-744 (24.10.5, 25.1.0): the page start becomes the checkpoint after every page. */
  readonly pageStartCheckpoint: boolean;
}

/** The variants the contract and fault suites run against (ESDB_TEST_SERVER_VERSIONS narrows them). */
export const TESTED_VERSIONS = ['22.10.5', '23.10.4', '24.10.4', '24.10.5'] as const;

/** The default when none is given: ESDB_TEST_SERVER_VERSION, else a fixed 24.10 release. */
export const DEFAULT_VERSION = process.env.ESDB_TEST_SERVER_VERSION || '24.10.5';

export function serverVersion(text: string = DEFAULT_VERSION): ServerVersion {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`unknown EventStoreDB version '${text}'`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  const at = (m: number, n: number, p = 0) => major * 1e6 + minor * 1e3 + patch >= m * 1e6 + n * 1e3 + p;
  const line2410 = major === 24 && minor === 10;
  return {
    text,
    sendsCaughtUp: at(23, 10),
    paged: at(24, 2),
    noSentinel: line2410 ? at(24, 10, 5) : at(25, 0),
    pageStartCheckpoint: line2410 ? at(24, 10, 5) : at(25, 1),
  };
}

/** The versions to run a suite against: every tested one, or those listed in ESDB_TEST_SERVER_VERSIONS. */
export function versionsUnderTest(): string[] {
  const listed = process.env.ESDB_TEST_SERVER_VERSIONS?.split(',').filter(Boolean);
  return listed?.length ? listed : [...TESTED_VERSIONS];
}
