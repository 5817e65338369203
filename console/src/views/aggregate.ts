import { api, auditPath, Principal } from '../api';
import { h, json, link, replace, table, time } from '../dom';
import { familyOf, routes } from '../families';
import { familyBrowse } from './family-browse';
import { lineDiff } from './line-diff';
import { restorePanel, RestorePoint } from './restore';

interface EventJson {
  id: string;
  type: string;
  revision: string;
  position: string;
  recordedAt: string;
  data?: unknown;
  metadata: { actor: string; source: string; correlationId: string };
  changes?: { kind: string; key: string; change: string }[];
}
interface StateView {
  revision: string;
  position?: string;
  recordedAt?: string;
  state: unknown;
}

const TABS = [
  ['browse', 'Browse'],
  ['timeline', 'Timeline'],
  ['travel', 'Time travel'],
  ['diff', 'Diff'],
] as const;

/** One aggregate: its subjects, its timeline, its state at any moment and what changed between two. */
export function aggregateView(category: string, id: string, tab: string, principal: Principal): HTMLElement {
  const family = familyOf(category);
  const content =
    tab === 'timeline'
      ? timeline(category, id)
      : tab === 'travel'
        ? timeTravel(category, id, principal)
        : tab === 'diff'
          ? diff(category, id)
          : familyBrowse(category, id, principal);
  return h(
    'section',
    {},
    h('p', { class: 'crumbs' }, link(routes.family(category), family.label), ' / '),
    h('h2', {}, id, ' ', h('span', { class: 'badge' }, family.dialect)),
    h(
      'nav',
      { class: 'tabs' },
      ...TABS.map(([key, label]) =>
        link(routes.aggregate(category, id, key), label, { class: key === tab ? 'active' : '' }),
      ),
    ),
    content,
  );
}

export const metadataCells = (e: { metadata: EventJson['metadata'] }) => [
  e.metadata.actor,
  h('span', { class: 'badge' }, e.metadata.source),
  h('code', { title: 'correlation id' }, e.metadata.correlationId.slice(0, 8)),
];

function timeline(category: string, id: string): HTMLElement {
  const list = h('div', {});
  const load = async (from: string) => {
    const page = await api.get<{ events: EventJson[]; next?: string }>(
      `${auditPath(category, id)}/events?from=${from}&limit=50`,
    );
    replace(
      list,
      table(
        ['#', 'when', 'what', 'who', 'through', 'correlation', ''],
        page.events,
        (e) => [
          e.revision,
          time(e.recordedAt),
          h('strong', {}, e.type),
          ...metadataCells(e),
          h('details', {}, h('summary', {}, 'data'), json(e.data)),
        ],
        { 'data-testid': 'timeline' },
      ),
      page.next && h('button', { onclick: () => void load(page.next ?? '0') }, 'Next →'),
    );
  };
  void load('0').catch((error: Error) => replace(list, h('p', { class: 'error' }, error.message)));
  return list;
}

/** Position and time of the event at a revision (one event read, never the whole stream). */
async function eventAt(category: string, id: string, revision: number): Promise<EventJson> {
  const page = await api.get<{ events: EventJson[] }>(
    `${auditPath(category, id)}/events?from=${revision}&limit=1`,
  );
  return page.events[0];
}

/** A slider over the aggregate's revisions; `onPick` gets the event at the chosen one. */
function revisionSlider(
  name: string,
  last: number,
  initial: number,
  onPick: (revision: number) => void,
): HTMLInputElement {
  const slider = h('input', {
    type: 'range',
    name,
    'aria-label': name,
    min: 0,
    max: last,
    step: 1,
    value: initial,
  });
  slider.addEventListener('change', () => onPick(Number(slider.value)));
  return slider;
}

function timeTravel(category: string, id: string, principal: Principal): HTMLElement {
  const el = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const label = h('p', { class: 'as-of', 'data-testid': 'as-of' });
  const state = h('div', { 'data-testid': 'state' });
  const raw = h('div', {});
  const restore = h('div', {});
  // Restore needs the operator role (readers never see the action) and a family with a restore.
  const canRestore = principal.role !== 'reader' && familyOf(category).restorable === true;
  /** The family's own view at that point (its GETs answer the past in their live shape). */
  const show = (view: StateView, what: string, point?: string, restorePoint?: RestorePoint) => {
    replace(
      label,
      what,
      ' · revision ',
      view.revision,
      view.recordedAt ? [' · last change ', time(view.recordedAt)] : '',
    );
    replace(restore, canRestore && restorePoint ? restorePanel(category, id, restorePoint) : '');
    replace(state, familyBrowse(category, id, principal, point));
    replace(raw, h('details', {}, h('summary', {}, 'Raw state (the family’s evolve)'), json(view.state)));
  };
  const at = async (revision: number) => {
    const event = await eventAt(category, id, revision);
    const point = `atPosition=${event.position}`;
    show(
      await api.get<StateView>(`${auditPath(category, id)}/state?${point}`),
      `State after event #${revision} (${event.type})`,
      point,
      { atPosition: event.position },
    );
  };
  const picker = h('input', { type: 'datetime-local', step: 1, name: 'asOf', 'aria-label': 'as of' });
  const asOf = async () => {
    if (!picker.value) return;
    const instant = new Date(picker.value).toISOString();
    const point = `asOf=${encodeURIComponent(instant)}`;
    show(
      await api.get<StateView>(`${auditPath(category, id)}/state?${point}`),
      `State as of ${instant}`,
      point,
      { asOf: instant },
    );
  };
  (async () => {
    const now = await api.get<StateView>(`${auditPath(category, id)}/state`);
    const last = Number(now.revision);
    replace(
      el,
      h(
        'div',
        { class: 'toolbar' },
        h(
          'label',
          {},
          'Event ',
          revisionSlider('time', last, last, (r) => void at(r).catch(fail)),
        ),
        h('span', { class: 'muted' }, `0 … ${last}`),
        h('label', {}, 'or as of ', picker),
        h('button', { onclick: () => void asOf().catch(fail) }, 'Go'),
      ),
      label,
      restore,
      state,
      raw,
    );
    show(now, 'Current state');
  })().catch(fail);
  function fail(error: Error) {
    // Before the first state loads (e.g. no such aggregate in this tenant) `state` is not shown yet.
    replace(state.isConnected ? state : el, h('p', { class: 'error' }, error.message));
  }
  return el;
}

function diff(category: string, id: string): HTMLElement {
  const el = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const out = h('div', { 'data-testid': 'diff' });
  (async () => {
    const now = await api.get<StateView>(`${auditPath(category, id)}/state`);
    const last = Number(now.revision);
    const from = revisionSlider('from', last, 0, () => void run().catch(fail));
    const to = revisionSlider('to', last, last, () => void run().catch(fail));
    const run = async () => {
      const [a, b] = [Number(from.value), Number(to.value)].sort((x, y) => x - y);
      const [ea, eb] = await Promise.all([eventAt(category, id, a), eventAt(category, id, b)]);
      const d = await api.get<{
        before: StateView;
        after: StateView;
        events: EventJson[];
        truncated: boolean;
      }>(`${auditPath(category, id)}/diff?fromPosition=${ea.position}&toPosition=${eb.position}`);
      const lines = lineDiff(JSON.stringify(d.before.state, null, 2), JSON.stringify(d.after.state, null, 2));
      replace(
        out,
        h(
          'h3',
          {},
          `From event #${a} to event #${b}: ${d.events.length} event(s)${d.truncated ? ' (first 1000)' : ''}`,
        ),
        table(['#', 'when', 'what', 'changed', 'who', 'through', 'correlation'], d.events, (e) => [
          e.revision,
          time(e.recordedAt),
          e.type,
          (e.changes ?? []).map((c) => `${c.kind} ${c.key}: ${c.change}`).join('; '),
          ...metadataCells(e),
        ]),
        h('h3', {}, 'State change'),
        lines.length === 0
          ? h('p', { class: 'muted' }, 'No difference.')
          : h(
              'pre',
              { class: 'diff' },
              ...lines.map((l) => h('div', { class: l.kind }, `${l.kind === 'add' ? '+' : '-'} ${l.text}`)),
            ),
      );
    };
    replace(
      el,
      h(
        'div',
        { class: 'toolbar' },
        h('label', {}, 'From event ', from),
        h('label', {}, 'to event ', to),
        h('span', { class: 'muted' }, `0 … ${last}`),
      ),
      out,
    );
    await run();
  })().catch(fail);
  function fail(error: Error) {
    replace(out.isConnected ? out : el, h('p', { class: 'error' }, error.message));
  }
  return el;
}
