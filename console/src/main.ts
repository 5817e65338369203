import { api, ApiError, Principal, session } from './api';
import { h, link, replace } from './dom';
import { FAMILIES, routes } from './families';
import './style.css';
import { aggregateView } from './views/aggregate';
import { familyList } from './views/family-list';
import { liveView } from './views/live';
import { projectionsView } from './views/projections';
import { subjectView } from './views/subject';

const app = document.getElementById('app') as HTMLElement;
let principal: Principal | undefined;
/** Stops what the current view keeps running (the live feed's stream). */
let stopView: (() => void) | undefined;

function signIn(message?: string): void {
  const key = h('input', {
    type: 'password',
    name: 'key',
    placeholder: 'ple_…',
    autocomplete: 'off',
    'aria-label': 'API key',
    required: true,
  });
  const error = h('p', { class: 'error' }, message ?? '');
  replace(
    app,
    h(
      'main',
      { class: 'signin' },
      h('h1', {}, 'Partition lifecycle engine'),
      h('p', { class: 'muted' }, 'Sign in with an API key. It is kept for this browser tab only.'),
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            session.save(key.value.trim());
            void start();
          },
        },
        key,
        h('button', { type: 'submit' }, 'Sign in'),
      ),
      error,
    ),
  );
  key.focus();
}

async function start(): Promise<void> {
  if (!session.key()) return signIn();
  try {
    principal = await api.get<Principal>('/engine/v1/whoami');
  } catch (error) {
    session.clear();
    return signIn(
      error instanceof ApiError && error.status === 401 ? 'That key was not accepted.' : String(error),
    );
  }
  window.onhashchange = route;
  route();
}

function layout(content: HTMLElement): HTMLElement {
  const current = location.hash;
  const item = (href: string, text: string) =>
    h('li', {}, link(href, text, { class: current.startsWith(href) ? 'active' : '' }));
  return h(
    'div',
    { class: 'layout' },
    h(
      'header',
      {},
      h('strong', {}, 'Lifecycle console'),
      h(
        'span',
        { class: 'who', 'data-testid': 'whoami' },
        `tenant ${principal?.tenant} · ${principal?.role}`,
        ' ',
        h(
          'button',
          {
            class: 'link',
            onclick: () => {
              session.clear();
              principal = undefined;
              location.hash = '';
              signIn();
            },
          },
          'Sign out',
        ),
      ),
    ),
    h(
      'nav',
      { class: 'side' },
      h('ul', {}, ...FAMILIES.map((f) => item(routes.family(f.category), f.label))),
      h('ul', {}, item('#/projections', 'Projections'), item('#/live', 'Live feed')),
    ),
    h('main', {}, content),
  );
}

function route(): void {
  if (!principal) return;
  stopView?.();
  stopView = undefined;
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let view: HTMLElement;
  switch (parts[0]) {
    case 'family':
      view = familyList(parts[1], params);
      break;
    case 'agg':
      view = aggregateView(parts[1], parts[2], params.get('tab') ?? 'browse', principal);
      break;
    case 'subject':
      view = subjectView(parts[1], parts[2], parts[3]);
      break;
    case 'projections':
      view = projectionsView(principal);
      break;
    case 'live':
      view = liveView(params.get('category') ?? '', (stop) => (stopView = stop));
      break;
    default:
      location.hash = routes.family(FAMILIES[0].category);
      return;
  }
  replace(app, layout(view));
}

void start();
