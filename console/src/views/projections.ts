import { api, ApiError, Principal } from '../api';
import { h, replace, table } from '../dom';

interface Status {
  name: string;
  version: number;
  state: string;
  checkpoint: string;
  head: string;
  lag: string;
  eventsPerSecond: number;
  eventsApplied: number;
  lastError?: { message: string };
}

/** Read models: lag, throughput, errors; an admin key may rebuild one beside the live copy. */
export function projectionsView(principal: Principal): HTMLElement {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const rebuild = async (name: string) => {
    await api.post(`/engine/v1/projections/${encodeURIComponent(name)}/rebuild`);
    await load();
  };
  const load = async () => {
    const { projections } = await api.get<{ projections: Status[] }>('/engine/v1/projections');
    replace(
      body,
      table(
        ['projection', 'state', 'checkpoint', 'lag', 'events/s', 'applied', 'last error', ''],
        projections,
        (p) => [
          p.name,
          h('span', { class: `badge ${p.state}` }, p.state),
          p.checkpoint,
          h('span', { class: p.lag === '0' ? '' : 'warn' }, p.lag),
          p.eventsPerSecond.toFixed(1),
          p.eventsApplied,
          p.lastError ? h('span', { class: 'error' }, p.lastError.message) : '',
          principal.role === 'admin'
            ? h('button', { onclick: () => void rebuild(p.name).catch(fail) }, 'Rebuild')
            : '',
        ],
        { 'data-testid': 'projections' },
      ),
      h('button', { onclick: () => void load().catch(fail) }, 'Refresh'),
    );
  };
  const fail = (error: Error) =>
    body.prepend(
      h(
        'p',
        { class: 'error' },
        // Read models hold every tenant's data: only an engine-wide key (tenant `*`) may see them.
        error instanceof ApiError && error.status === 403
          ? 'Projections span every tenant: sign in with an engine-wide key (tenant *) to see them.'
          : error.message,
      ),
    );
  void load().catch(fail);
  return h('section', {}, h('h2', {}, 'Projections'), body);
}
