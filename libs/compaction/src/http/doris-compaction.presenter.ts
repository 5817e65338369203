import { missingVersions, type CompactionType, type Rowset } from '../domain';
import type { TabletStatusView } from '../read-models/tablet-status.queries';

const UNITS: [number, string][] = [
  [1024 ** 4, 'TB'],
  [1024 ** 3, 'GB'],
  [1024 ** 2, 'MB'],
  [1024, 'KB'],
];

/** Doris's PrettyPrinter for bytes: "0", "87.00 B", "575.56 KB". */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  const [divisor, unit] = UNITS.find(([limit]) => bytes >= limit) ?? [1, 'B'];
  return `${(bytes / divisor).toFixed(2)} ${unit}`;
}

/** Doris prints times as "yyyy-MM-dd HH:mm:ss.SSS" (UTC here); never = the epoch. */
export function formatTime(iso: string | null): string {
  return (iso ?? '1970-01-01T00:00:00.000Z').replace('T', ' ').replace('Z', '');
}

function rowsetLine(rowset: Rowset): string {
  const { startVersion, endVersion, segments, rowsetId, size } = rowset;
  return `[${startVersion}-${endVersion}] ${segments} DATA NONOVERLAPPING ${rowsetId} ${formatBytes(size)}`;
}

export function runStatusBody(tablet: TabletStatusView) {
  const running = tablet.running !== null;
  return {
    status: 'Success',
    run_status: running,
    msg: running ? 'this tablet_id is running' : 'this tablet_id is not running',
    tablet_id: tablet.tabletId,
    schema_hash: tablet.schemaHash,
    compact_type: tablet.running?.compactionType ?? '',
  };
}

/** Doris's `get_compaction_status_json`, with the fields the engine tracks. */
export function showBody(tablet: TabletStatusView) {
  const times: Record<string, string> = {};
  for (const outcome of ['failure', 'success'] as const) {
    for (const type of ['cumulative', 'base', 'full'] as CompactionType[]) {
      const at = outcome === 'failure' ? tablet.lastFailure[type] : tablet.lastSuccess[type];
      times[`last ${type} ${outcome} time`] = formatTime(at);
    }
  }
  return {
    'cumulative policy type': 'size_based',
    'cumulative point': tablet.cumulativePoint,
    ...times,
    rowsets: tablet.rowsets.map(rowsetLine),
    missing_rowsets: missingVersions(tablet.rowsets).map((gap) => `[${gap.startVersion}-${gap.endVersion}]`),
    stale_rowsets: [],
    'stale version path': [],
  };
}
