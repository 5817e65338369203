import { api, auditPath } from '../api';
import { h, link, replace, table, time } from '../dom';
import { familyOf, routes } from '../families';
import { metadataCells } from './aggregate';

interface Entry {
  type: string;
  revision: string;
  position: string;
  recordedAt: string;
  metadata: { actor: string; source: string; correlationId: string };
  changes: { kind: string; change: string }[];
}

/** One partition / part / segment / rowset / plan partition: every event that changed it. */
export function subjectView(category: string, id: string, subject: string): HTMLElement {
  const family = familyOf(category);
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const load = async (from: string) => {
    const page = await api.get<{ entries: Entry[]; next?: string }>(
      `${auditPath(category, id)}/subjects/${encodeURIComponent(subject)}/history?from=${from}&limit=100`,
    );
    replace(
      list,
      table(
        ['#', 'when', 'what', 'changed', 'who', 'through', 'correlation'],
        page.entries,
        (e) => [
          e.revision,
          time(e.recordedAt),
          h('strong', {}, e.type),
          e.changes.map((c) => `${c.kind}: ${c.change}`).join('; '),
          ...metadataCells(e),
        ],
        { 'data-testid': 'subject-timeline' },
      ),
      page.next && h('button', { onclick: () => void load(page.next ?? '0') }, 'More →'),
    );
  };
  void load('0').catch((error: Error) => replace(list, h('p', { class: 'error' }, error.message)));
  return h(
    'section',
    {},
    h(
      'p',
      { class: 'crumbs' },
      link(routes.family(category), family.label),
      ' / ',
      link(routes.aggregate(category, id), id),
      ' / ',
    ),
    h('h2', {}, subject, ' ', h('span', { class: 'muted' }, 'timeline')),
    list,
  );
}
