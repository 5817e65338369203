import { api } from '../api';
import { h, link, replace, table, time } from '../dom';
import { familyOf, routes } from '../families';

interface Listing {
  aggregates: {
    id: string;
    eventCount: number;
    lastChange: { type: string; actor: string; source: string; correlationId: string; recordedAt: string };
  }[];
  next?: string;
}

/** One family's aggregates, a page at a time (the audit category listing), filterable by prefix. */
export function familyList(category: string, params: URLSearchParams): HTMLElement {
  const family = familyOf(category);
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const sort = params.get('sort') === 'recent' ? 'recent' : 'id';
  const prefix = params.get('prefix') ?? '';
  const cursors: string[] = [];

  const load = async (cursor?: string) => {
    const query = new URLSearchParams({
      limit: '25',
      sort,
      ...(prefix ? { prefix } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const page = await api.get<Listing>(`/engine/v1/audit/${category}/aggregates?${query}`);
    replace(
      body,
      page.aggregates.length === 0
        ? h('p', { class: 'empty', 'data-testid': 'empty' }, `No ${family.noun} yet in this tenant.`)
        : table(
            [family.noun, 'events', 'last change', 'by', 'through', 'when'],
            page.aggregates,
            (a) => [
              link(routes.aggregate(category, a.id), a.id, { 'data-testid': 'aggregate-link' }),
              a.eventCount,
              a.lastChange.type,
              a.lastChange.actor,
              h('span', { class: 'badge' }, a.lastChange.source),
              time(a.lastChange.recordedAt),
            ],
            { 'data-testid': 'aggregates' },
          ),
      h(
        'div',
        { class: 'pager' },
        cursors.length > 0 &&
          h('button', { onclick: () => void load(cursors.pop() || undefined) }, '← Previous'),
        page.next &&
          h('button', { onclick: () => (cursors.push(cursor ?? ''), void load(page.next)) }, 'Next →'),
      ),
    );
  };

  const filter = h('input', { name: 'prefix', placeholder: `${family.noun} id starts with…`, value: prefix });
  const view = h(
    'section',
    {},
    h('h2', {}, family.label, ' ', h('span', { class: 'badge' }, family.dialect)),
    h(
      'form',
      {
        class: 'toolbar',
        onsubmit: (e: Event) => {
          e.preventDefault();
          location.hash = `${routes.family(category)}?prefix=${encodeURIComponent(filter.value)}&sort=${sort}`;
        },
      },
      filter,
      h('button', { type: 'submit' }, 'Filter'),
      link(
        `${routes.family(category)}?sort=${sort === 'id' ? 'recent' : 'id'}`,
        sort === 'id' ? 'Most recently changed first' : 'By id',
      ),
    ),
    body,
  );
  load().catch((error: Error) => replace(body, h('p', { class: 'error' }, error.message)));
  return view;
}
