import { api } from '../api';
import { h, link, replace, time } from '../dom';
import { FAMILIES, routes } from '../families';

interface EventJson {
  stream: string;
  type: string;
  position: string;
  recordedAt: string;
  metadata: { actor: string; source: string };
}

/** The live feed (SSE) of the tenant's new events, filtered by family; stops when the view is left. */
export function liveView(category: string, register: (stop: () => void) => void): HTMLElement {
  const rows = h('tbody', {});
  const status = h('p', { class: 'muted', 'data-testid': 'live-status' }, 'Connecting…');
  const controller = new AbortController();
  register(() => controller.abort());
  const select = h(
    'select',
    { name: 'family', onchange: () => (location.hash = `#/live?category=${select.value}`) },
    h('option', { value: '' }, 'every family'),
    ...FAMILIES.map((f) => h('option', { value: f.category, selected: f.category === category }, f.label)),
  );
  (async () => {
    const head = await startPosition();
    const query = new URLSearchParams({ from: head, ...(category ? { category } : {}) });
    replace(
      status,
      `Live from position ${head}${category ? ` (${category} only)` : ''}. New events appear on top.`,
    );
    await api.stream(
      `/engine/v1/events/subscribe?${query}`,
      (_type, data) => {
        const e = JSON.parse(data) as EventJson;
        const dash = e.stream.indexOf('-');
        const cat = e.stream.slice(0, dash);
        const id = e.stream
          .slice(dash + 1)
          .split('/')
          .slice(1)
          .map(decodeURIComponent)
          .join('/');
        rows.prepend(
          h(
            'tr',
            { 'data-testid': 'live-row' },
            h('td', {}, e.position),
            h('td', {}, time(e.recordedAt)),
            h('td', {}, cat),
            h('td', {}, link(routes.aggregate(cat, id, 'timeline'), id)),
            h('td', {}, h('strong', {}, e.type)),
            h('td', {}, e.metadata.actor),
            h('td', {}, h('span', { class: 'badge' }, e.metadata.source)),
          ),
        );
      },
      controller.signal,
    );
  })().catch((error: Error) => {
    if (!controller.signal.aborted) replace(status, h('span', { class: 'error' }, error.message));
  });
  return h(
    'section',
    {},
    h('h2', {}, 'Live feed'),
    h('div', { class: 'toolbar' }, 'Show ', select),
    status,
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['position', 'when', 'family', 'aggregate', 'event', 'who', 'through'].map((t) =>
            h('th', {}, t),
          ),
        ),
      ),
      rows,
    ),
  );
}

/**
 * Where "new" starts: the global head for an engine-wide key. A tenant's key is not shown the
 * global head (apps/engine/src/http/events.controller.ts: it would reveal other tenants' activity),
 * so it starts after the tenant's own last event, paged to (a page's `next` is its last event).
 */
async function startPosition(): Promise<string> {
  let from = '0';
  for (;;) {
    const page = await api.get<{ events: unknown[]; next: string; head?: string }>(
      `/engine/v1/events?from=${from}&limit=1000`,
    );
    if (page.head !== undefined) return page.head;
    if (page.events.length === 0 && page.next === from) return from;
    from = page.next;
  }
}
