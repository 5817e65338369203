import { api, ApiError, auditPath } from '../api';
import { h, json, link, replace, table } from '../dom';
import { familyOf, routes } from '../families';

/** The moment chosen in the time view, as the restore routes take it. */
export type RestorePoint = { atPosition: string } | { asOf: string };

interface SubjectDiff {
  kind?: string;
  subject: string;
  current?: unknown;
  restoredTo?: unknown;
}
interface NotRestorable extends SubjectDiff {
  reason: string;
  message: string;
}
/** What `POST …/restore-plan` answers (libs/restore/src/application/restore-category.ts). */
interface RestorePlan {
  revision: string;
  restoreTo: { asOf?: string; atPosition?: string; revision: string; position?: string };
  steps: { command: { type?: string } & Record<string, unknown>; undoes: SubjectDiff[] }[];
  notRestorable: NotRestorable[];
  unchanged: number;
}
/** What `POST …/restore` answers. */
interface RestoreOutcome {
  restoreId: string;
  applied: boolean;
  replayed: boolean;
  fromRevision: string;
  revision: string;
  events: number;
  restoredToPosition?: string;
  notRestorable: NotRestorable[];
}

/** A subject's value as a cell: absent (did not exist), a plain value, or compact JSON. */
const value = (v: unknown) =>
  v === undefined
    ? h('em', { class: 'muted' }, 'absent')
    : typeof v === 'string'
      ? v
      : h('code', {}, JSON.stringify(v));

/** Rows shown per list: a plan over a large aggregate can name 100,000 subjects. */
const SHOWN = 500;
const more = (total: number) =>
  total > SHOWN &&
  h('p', { class: 'muted' }, `… and ${total - SHOWN} more (not shown; the plan covers them all).`);

const diffRows = (diffs: SubjectDiff[]) => [
  table(['subject', 'kind', 'now', 'restored to'], diffs.slice(0, SHOWN), (d) => [
    h('code', {}, d.subject),
    d.kind ?? '',
    value(d.current),
    value(d.restoredTo),
  ]),
  more(diffs.length),
];

/**
 * "Restore to this point" for an operator: computes the plan for the chosen moment, shows every
 * command with the differences it undoes and everything that cannot be restored with its reason,
 * and applies it only after an explicit confirmation, with the plan's revision as
 * `expectedRevision` (a 409 means the aggregate changed since: the plan must be recomputed).
 */
export function restorePanel(category: string, id: string, point: RestorePoint): HTMLElement {
  const family = familyOf(category);
  const panel = h('section', { class: 'restore', 'data-testid': 'restore' });
  const body = { ...point };

  const start = h('button', { class: 'primary', onclick: () => void plan() }, 'Restore to this point');
  replace(panel, start);

  async function plan(): Promise<void> {
    replace(panel, h('p', { class: 'muted' }, 'Computing the restore plan…'));
    try {
      show(await api.post<RestorePlan>(`${auditPath(category, id)}/restore-plan`, body));
    } catch (error) {
      failed(error, 'The plan could not be computed');
    }
  }

  function show(p: RestorePlan, notice?: HTMLElement): void {
    const commands = p.steps.length;
    const dialog = confirmDialog(p, () => void apply(p));
    replace(
      panel,
      notice,
      h('h3', {}, 'Restore plan'),
      h(
        'p',
        { 'data-testid': 'restore-summary' },
        `Back to ${p.restoreTo.asOf ? `the state as of ${p.restoreTo.asOf}` : `global position ${p.restoreTo.atPosition}`}`,
        ` (after event #${p.restoreTo.revision}); computed at revision ${p.revision}. `,
        `${commands} command(s), ${p.notRestorable.length} not restorable, ${p.unchanged} unchanged.`,
      ),
      commands === 0
        ? h('p', { class: 'muted' }, `Nothing to restore: no command would change this ${family.noun}.`)
        : h(
            'ol',
            { class: 'steps', 'data-testid': 'restore-steps' },
            ...p.steps.map((step) =>
              h(
                'li',
                { 'data-testid': 'restore-step' },
                h('strong', {}, step.command.type ?? 'command'),
                ` undoes ${step.undoes.length} difference(s)`,
                diffRows(step.undoes),
                h('details', {}, h('summary', {}, 'command'), json(step.command)),
              ),
            ),
          ),
      p.notRestorable.length > 0 && [
        h('h3', {}, 'Not restorable'),
        table(
          ['subject', 'kind', 'now', 'restored to', 'reason', 'why'],
          p.notRestorable.slice(0, SHOWN),
          (n) => [
            h('code', {}, n.subject),
            n.kind ?? '',
            value(n.current),
            value(n.restoredTo),
            h('span', { class: 'badge warn' }, n.reason),
            n.message,
          ],
          { 'data-testid': 'not-restorable' },
        ),
        more(p.notRestorable.length),
      ],
      h(
        'div',
        { class: 'toolbar' },
        commands > 0 &&
          h('button', { class: 'primary', onclick: () => dialog.showModal() }, 'Apply restore…'),
        h('button', { onclick: () => replace(panel, start) }, 'Close'),
      ),
      dialog,
    );
  }

  async function apply(p: RestorePlan): Promise<void> {
    replace(panel, h('p', { class: 'muted' }, 'Applying the restore…'));
    try {
      const outcome = await api.post<RestoreOutcome>(`${auditPath(category, id)}/restore`, {
        ...body,
        expectedRevision: p.revision,
      });
      done(outcome);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) return conflict(error);
      failed(error, 'The restore failed');
    }
  }

  function done(o: RestoreOutcome): void {
    replace(
      panel,
      h(
        'div',
        { class: 'ok', role: 'status', 'data-testid': 'restore-outcome' },
        h('strong', {}, o.replayed ? 'Already restored' : o.applied ? 'Restored' : 'Nothing restored'),
        `: ${o.events} event(s) appended, revision ${o.fromRevision} → ${o.revision}`,
        o.restoredToPosition ? `, back to global position ${o.restoredToPosition}` : '',
        '. Restore id ',
        h('code', {}, o.restoreId),
        ' (the events’ correlation id).',
        o.notRestorable.length > 0 ? ` ${o.notRestorable.length} item(s) were not restorable.` : '',
      ),
      h(
        'p',
        {},
        link(routes.aggregate(category, id, 'browse'), `See the ${family.noun} now`),
        ' · ',
        link(routes.aggregate(category, id, 'timeline'), 'Timeline'),
      ),
    );
  }

  function conflict(error: ApiError): void {
    replace(
      panel,
      h(
        'div',
        { class: 'error', role: 'alert', 'data-testid': 'restore-conflict' },
        h('strong', {}, `The ${family.noun} changed since this plan was computed`),
        '; nothing was applied. ',
        error.detail,
      ),
      h('button', { class: 'primary', onclick: () => void plan() }, 'Recompute the plan'),
    );
  }

  function failed(error: unknown, what: string): void {
    const message = error instanceof ApiError ? error.detail : String(error);
    replace(
      panel,
      h('p', { class: 'error', role: 'alert' }, `${what}: ${message}`),
      h('button', { onclick: () => void plan() }, 'Try again'),
    );
  }

  return panel;
}

/** The explicit confirmation: a modal naming what will be appended; nothing happens on cancel. */
function confirmDialog(p: RestorePlan, onConfirm: () => void): HTMLDialogElement {
  const events = p.steps.reduce((n, s) => n + s.undoes.length, 0);
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'restore-confirm-title' },
    h('h3', { id: 'restore-confirm-title' }, 'Apply this restore?'),
    h(
      'p',
      {},
      `${p.steps.length} command(s) putting back ${events} difference(s) will be appended as one change, `,
      `refused if anything changed since revision ${p.revision}.`,
      p.notRestorable.length > 0
        ? ` ${p.notRestorable.length} item(s) stay as they are (not restorable).`
        : '',
    ),
  );
  const close = () => dialog.close();
  dialog.append(
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          class: 'primary',
          onclick: () => {
            close();
            onConfirm();
          },
        },
        'Confirm restore',
      ),
      h('button', { onclick: close }, 'Cancel'),
    ),
  );
  return dialog;
}
