import { api, Principal } from '../api';
import { h, json, link, replace, table, time } from '../dom';
import { routes } from '../families';

type Row = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const bytes = (v: unknown) => {
  const n = Number(v);
  return n >= 1 << 20
    ? `${(n / (1 << 20)).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${n} B`;
};

/**
 * What a family's aggregate holds, from the family's own read APIs: segments (paged), parts by
 * partition with detached parts and backups, LakeFormation partitions (paged), rowsets and
 * compactions, plan partitions. Every subject links to its timeline.
 */
export function familyBrowse(category: string, id: string, principal: Principal, at?: string): HTMLElement {
  const subject = (key: string, text?: string) =>
    link(routes.subject(category, id, key), text ?? key, { 'data-testid': 'subject-link' });
  // `at` (asOf= / atPosition=): the family's own GETs answer the past in their live shape.
  const past = (path: string) => (at ? `${path}${path.includes('?') ? '&' : '?'}${at}` : path);
  switch (category) {
    case 'datasource':
      return at ? segmentsAt(id, past, subject) : segments(id, subject);
    case 'mergetree':
      return mergetree(id, past, subject);
    case 'lftable':
      return lakeFormation(id, principal, past, subject);
    case 'tablet':
      return tablet(id, past, subject);
    case 'matplan':
      return plan(id, past, subject);
    case 'lfcatalog':
      if (!at) return lakeFormationInstance(id, principal);
    // falls through: the LakeFormation list APIs answer the present only
    default:
      return loading(async (el) => {
        const view = await api.get<{ state: unknown }>(
          past(`/engine/v1/audit/${category}/${encodeURIComponent(id)}/state`),
        );
        replace(el, json(view.state));
      });
  }
}

type Past = (path: string) => string;

/** A datasource's segments at a past point, a page at a time (the native list pages the past too). */
function segmentsAt(datasource: string, past: Past, subject: SubjectLink): HTMLElement {
  const list = h('div', {});
  const load = async (cursor?: string) => {
    const page = await api.get<{ segments: Row[]; next?: string }>(
      past(
        `/engine/v1/datasources/${encodeURIComponent(datasource)}/segments?state=all&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      ),
    );
    replace(
      list,
      table(['segment', 'interval', 'version', 'size', 'state', 'last change'], page.segments, (seg) => [
        subject(s(seg.id)),
        s(seg.interval),
        s(seg.version),
        bytes(seg.size),
        h('span', { class: `badge ${s(seg.state)}` }, s(seg.state)),
        time(s((seg.lastChange as Row | undefined)?.at)),
      ]),
      page.next && h('button', { onclick: () => void load(page.next) }, 'Next →'),
    );
  };
  void load().catch((error: Error) => replace(list, h('p', { class: 'error' }, error.message)));
  return list;
}

/** An instance's catalogs, their databases and tables (LakeFormation's own list APIs), tables linked. */
function lakeFormationInstance(instance: string, principal: Principal): HTMLElement {
  const base = `/v1/${encodeURIComponent(principal.tenant)}/instances/${encodeURIComponent(instance)}/catalogs`;
  return loading(async (el) => {
    const catalogs = await api.get<{ catalog_name: string; create_time: string }[]>(base);
    const sections = await Promise.all(
      catalogs.map(async (c) => {
        const { databases } = await api.get<{ databases: { database_name: string }[] }>(
          `${base}/${encodeURIComponent(c.catalog_name)}/databases?limit=100`,
        );
        const rows = await Promise.all(
          databases.map(async (d) => {
            const { tables } = await api.get<{ tables: { table_name: string; table_type: string }[] }>(
              `${base}/${encodeURIComponent(c.catalog_name)}/databases/${encodeURIComponent(d.database_name)}/tables?limit=100`,
            );
            return { database: d.database_name, tables };
          }),
        );
        return [
          h('h3', {}, `Catalog ${c.catalog_name}`),
          table(['database', 'tables'], rows, (r) => [
            r.database,
            r.tables.map((t, i) => [
              i > 0 ? ', ' : '',
              link(
                routes.aggregate('lftable', `${instance}/${c.catalog_name}/${r.database}/${t.table_name}`),
                t.table_name,
              ),
            ]),
          ]),
        ];
      }),
    );
    replace(el, catalogs.length === 0 ? h('p', { class: 'muted' }, 'No catalog.') : sections);
  });
}

type SubjectLink = (key: string, text?: string) => HTMLElement;

function loading(fill: (el: HTMLElement) => Promise<void>): HTMLElement {
  const el = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  fill(el).catch((error: Error) => replace(el, h('p', { class: 'error' }, error.message)));
  return el;
}

function segments(datasource: string, subject: SubjectLink): HTMLElement {
  const list = h('div', {});
  const state = h(
    'select',
    { name: 'state', onchange: () => void load('') },
    ...['used', 'unused', 'overshadowed', 'all'].map((v) => h('option', { value: v }, v)),
  );
  const load = async (cursor: string) => {
    const query = new URLSearchParams({ state: state.value, limit: '50', cursor });
    const page = await api.get<{ segments: Row[]; next?: string }>(
      `/engine/v1/browse/datasources/${encodeURIComponent(datasource)}/segments?${query}`,
    );
    replace(
      list,
      table(['segment', 'interval', 'version', 'size', 'state', 'last change'], page.segments, (seg) => [
        subject(s(seg.id)),
        s(seg.interval),
        s(seg.version),
        bytes(seg.size),
        [
          h('span', { class: `badge ${s(seg.state)}` }, s(seg.state)),
          seg.overshadowed ? [' ', h('span', { class: 'badge overshadowed' }, 'overshadowed')] : '',
        ],
        time(s((seg.lastChange as Row | undefined)?.at)),
      ]),
      page.next && h('button', { onclick: () => void load(page.next ?? '') }, 'Next →'),
    );
  };
  void load('').catch((error: Error) => replace(list, h('p', { class: 'error' }, error.message)));
  return h('div', {}, h('div', { class: 'toolbar' }, 'Segments: ', state), list);
}

interface TableOverview {
  engine: string;
  partitionKey: string;
  orderBy: string;
  activeParts: Row[];
  detachedParts: Row[];
  frozenBackups: {
    name: string;
    increment: number;
    partitionId: string | null;
    frozenAt: string;
    parts: string[];
  }[];
}

function mergetree(id: string, past: Past, subject: SubjectLink): HTMLElement {
  const [database, ...rest] = id.split('.');
  return loading(async (el) => {
    const t = await api.get<TableOverview>(
      past(
        `/engine/v1/mergetree/tables/${encodeURIComponent(database)}/${encodeURIComponent(rest.join('.'))}`,
      ),
    );
    const partitions = new Map<string, { parts: number; rows: number; bytes: number; detached: number }>();
    const of = (pid: string) => {
      let p = partitions.get(pid);
      if (!p) partitions.set(pid, (p = { parts: 0, rows: 0, bytes: 0, detached: 0 }));
      return p;
    };
    for (const part of t.activeParts) {
      const p = of(s(part.partitionId));
      p.parts++;
      p.rows += Number(part.rows);
      p.bytes += Number(part.bytesOnDisk);
    }
    for (const part of t.detachedParts) of(s(part.partitionId)).detached++;
    replace(
      el,
      h('p', { class: 'muted' }, `${t.engine} · PARTITION BY ${t.partitionKey} · ORDER BY ${t.orderBy}`),
      h('h3', {}, 'Partitions'),
      table(
        ['partition', 'active parts', 'rows', 'bytes', 'detached parts'],
        [...partitions].sort(([a], [b]) => a.localeCompare(b)),
        ([pid, p]) => [subject(pid), p.parts, p.rows, bytes(p.bytes), p.detached],
        { 'data-testid': 'partitions' },
      ),
      h('h3', {}, 'Active parts'),
      table(['part', 'partition', 'rows', 'bytes', 'disk', 'modified', ''], t.activeParts, (p) => [
        subject(s(p.name)),
        s(p.partitionId),
        s(p.rows),
        bytes(p.bytesOnDisk),
        s(p.disk),
        time(s(p.modifiedAt)),
        p.isFrozen ? h('span', { class: 'badge' }, 'frozen') : '',
      ]),
      h('h3', {}, 'Detached parts'),
      t.detachedParts.length === 0
        ? h('p', { class: 'muted' }, 'None.')
        : table(['name', 'reason', 'partition', 'rows', 'detached'], t.detachedParts, (p) => [
            s(p.name),
            s(p.reason) || 'user DETACH',
            subject(s(p.partitionId)),
            s(p.rows),
            time(s(p.detachedAt)),
          ]),
      h('h3', {}, 'Backups (FREEZE)'),
      t.frozenBackups.length === 0
        ? h('p', { class: 'muted' }, 'None.')
        : table(['backup', 'increment', 'partition', 'frozen', 'parts'], t.frozenBackups, (b) => [
            b.name,
            b.increment,
            b.partitionId ?? 'all',
            time(b.frozenAt),
            b.parts.join(', '),
          ]),
    );
  });
}

function lakeFormation(id: string, principal: Principal, past: Past, subject: SubjectLink): HTMLElement {
  const [instance, catalog, database, tableName] = id.split('/').map(encodeURIComponent);
  const base = `/v1/${encodeURIComponent(principal.tenant)}/instances/${instance}/catalogs/${catalog}/databases/${database}/tables/${tableName}/partitions`;
  const list = h('div', {});
  const load = async (marker?: string) => {
    const page = await api.get<{ partitions: Row[]; page_info: { next_marker: string | null } }>(
      past(`${base}?limit=50${marker ? `&marker=${marker}` : ''}`),
    );
    replace(
      list,
      table(['partition values', 'partition id', 'location', 'created'], page.partitions, (p) => [
        subject((p.partition_values as string[]).join('/')),
        s(p.partition_id),
        s((p.storage_descriptor as Row | undefined)?.location),
        s(p.create_time),
      ]),
      page.page_info.next_marker &&
        h('button', { onclick: () => void load(page.page_info.next_marker ?? undefined) }, 'Next →'),
    );
  };
  void load().catch((error: Error) => replace(list, h('p', { class: 'error' }, error.message)));
  return h('div', {}, h('h3', {}, 'Partitions'), list);
}

function tablet(id: string, past: Past, subject: SubjectLink): HTMLElement {
  return loading(async (el) => {
    const t = await api.get<Row & { rowsets: Row[]; compactions: Row[]; running_compaction: Row | null }>(
      past(`/engine/v1/tablets/${encodeURIComponent(id)}`),
    );
    replace(
      el,
      h(
        'p',
        { class: 'muted' },
        `table ${s(t.table_id)} · schema hash ${s(t.schema_hash)} · cumulative point ${s(t.cumulative_point)}`,
      ),
      h('h3', {}, 'Compaction'),
      t.running_compaction
        ? h(
            'p',
            {},
            h('span', { class: 'badge running' }, s(t.running_compaction.status)),
            ` ${s(t.running_compaction.compaction_type)} `,
            subject(s(t.running_compaction.compaction_id)),
          )
        : h('p', { class: 'muted' }, 'No compaction running.'),
      h('h3', {}, 'Rowsets'),
      table(['rowset', 'versions', 'size', 'segments'], t.rowsets, (r) => [
        subject(s(r.rowset_id)),
        `${s(r.start_version)}–${s(r.end_version)}`,
        bytes(r.size),
        s(r.segments),
      ]),
      h('h3', {}, 'Compactions'),
      t.compactions.length === 0
        ? h('p', { class: 'muted' }, 'None yet.')
        : table(
            ['compaction', 'type', 'status', 'inputs', 'triggered', 'finished', 'through'],
            t.compactions,
            (c) => [
              subject(s(c.compaction_id)),
              s(c.compaction_type),
              h('span', { class: `badge ${s(c.status)}` }, s(c.status)),
              (c.input_rowset_ids as string[]).length,
              time(s(c.triggered_at)),
              time(s(c.finished_at)),
              s(c.source),
            ],
          ),
    );
  });
}

function plan(id: string, past: Past, subject: SubjectLink): HTMLElement {
  return loading(async (el) => {
    const p = await api.get<Row & { partitions?: Row[] }>(
      `/engine/v1/materialization/plans/${encodeURIComponent(id)}`,
    );
    const { partitions = [], ...summary } = p;
    replace(
      el,
      h(
        'p',
        { class: 'muted' },
        Object.entries(summary)
          .filter(([, v]) => typeof v !== 'object')
          .map(([k, v]) => `${k}: ${s(v)}`)
          .join(' · '),
      ),
      h('h3', {}, 'Time partitions'),
      partitions.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : table(['partition', 'state', 'since', 'by event'], partitions, (row) => [
            subject(s(row.key)),
            h(
              'span',
              { class: `badge ${s(row.state)}` },
              s(row.state) === 'materialized' ? 'hit' : s(row.state),
            ),
            time(s(row.updatedAt)),
            s(row.eventType),
          ]),
    );
  });
}
