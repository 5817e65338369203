/** A tiny element builder: the console needs no framework. */
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export const link = (href: string, text: Child, attrs: Attrs = {}) => h('a', { href, ...attrs }, text);

export const time = (iso: string | undefined) =>
  iso ? h('time', { datetime: iso, title: iso }, iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')) : '';

/** A table from rows; `cells` maps one row to its cells. */
export function table<T>(headers: string[], rows: T[], cells: (row: T) => Child[], attrs: Attrs = {}) {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, ...headers.map((name) => h('th', {}, name)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...cells(row).map((c) => h('td', {}, c))))),
  );
}

export const json = (value: unknown) => h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
