/**
 * Storage policies the engine knows (ClickHouse reads them from its server config). The engine
 * records where parts live; it moves no bytes. `default` is ClickHouse's built-in policy;
 * `tiered` gives MOVE ... TO DISK|VOLUME somewhere to go (the seed's `fast_ssd` / `slow`).
 */
export interface StoragePolicy {
  readonly name: string;
  /** Volume name -> its disks, in priority order; new parts land on the first disk. */
  readonly volumes: Readonly<Record<string, readonly string[]>>;
}

export const STORAGE_POLICIES: Readonly<Record<string, StoragePolicy>> = {
  default: { name: 'default', volumes: { default: ['default'] } },
  tiered: { name: 'tiered', volumes: { fast: ['fast_ssd'], slow: ['default'] } },
};

export function storagePolicy(name: string): StoragePolicy | undefined {
  return Object.prototype.hasOwnProperty.call(STORAGE_POLICIES, name) ? STORAGE_POLICIES[name] : undefined;
}

export function firstDisk(policy: StoragePolicy): string {
  return Object.values(policy.volumes)[0][0];
}
