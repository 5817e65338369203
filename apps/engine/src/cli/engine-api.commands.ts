import type { ProjectionStatus } from '@engine/kernel';
import { callEngine, CliError, EngineEndpoint, EXIT, progressBar } from './cli-support';

/**
 * Rebuilds one projection in a running engine (POST .../rebuild needs an admin key) and follows
 * it until the engine has switched to the rebuilt copy; queries keep using the live copy meanwhile.
 */
export async function rebuildProjection(endpoint: EngineEndpoint, name: string): Promise<number> {
  const started = await callEngine<{ rebuilding: ProjectionStatus }>(
    endpoint,
    'POST',
    `/engine/v1/projections/${encodeURIComponent(name)}/rebuild`,
  );
  const file = started.rebuilding.file;
  process.stdout.write(`rebuilding ${name} into ${file}\n`);
  const bar = progressBar(`rebuild ${name}`, Number(started.rebuilding.head));
  try {
    for (;;) {
      const { projections } = await callEngine<{ projections: ProjectionStatus[] }>(
        endpoint,
        'GET',
        '/engine/v1/projections',
      );
      const mine = projections.find((p) => p.name === name && p.file === file);
      if (mine?.state === 'failed' || mine?.state === 'stopped') {
        bar.stop();
        process.stderr.write(
          `rebuild of ${name} ${mine.state}: ${mine.lastError?.message ?? 'no error recorded'}\n`,
        );
        return EXIT.failed;
      }
      // Switched: the rebuilt copy is now the only, live one.
      if (mine && projections.filter((p) => p.name === name).length === 1) {
        bar.setTotal(Math.max(Number(mine.head), 1));
        bar.update(Math.max(Number(mine.checkpoint), 1));
        bar.stop();
        process.stdout.write(
          `rebuilt ${name}: live at position ${mine.checkpoint} (${mine.eventsApplied} events applied)\n`,
        );
        return EXIT.ok;
      }
      if (!mine) throw new CliError(`the engine no longer lists the rebuild of ${name} (${file})`);
      bar.setTotal(Math.max(Number(mine.head), 1));
      bar.update(Number(mine.checkpoint), { unit: 'positions' });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    bar.stop();
  }
}

interface HistoryPage {
  events?: {
    revision: string;
    position: string;
    type: string;
    recordedAt: string;
    metadata: { actor: string; source: string };
  }[];
  entries?: {
    revision: string;
    position: string;
    type: string;
    recordedAt: string;
    metadata: { actor: string; source: string };
    changes: { kind: string; key: string; change: string }[];
  }[];
  next?: string;
}

/**
 * The history of an aggregate (its events) or of one subject in it (the events that touched it),
 * through the engine's audit API, every page; `--json` prints the pages' items as JSON lines.
 */
export async function history(
  endpoint: EngineEndpoint,
  category: string,
  id: string,
  options: { subject?: string; json?: boolean },
): Promise<number> {
  const base = `/engine/v1/audit/${encodeURIComponent(category)}/${encodeURIComponent(id)}`;
  const route = options.subject
    ? `${base}/subjects/${encodeURIComponent(options.subject)}/history`
    : `${base}/events`;
  let from: string | undefined = '0';
  let count = 0;
  while (from !== undefined) {
    const page: HistoryPage = await callEngine<HistoryPage>(
      endpoint,
      'GET',
      `${route}?from=${from}&limit=1000`,
    );
    for (const item of page.entries ?? page.events ?? []) {
      count++;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(item)}\n`);
        continue;
      }
      const described = (item as { changes?: { kind: string; key: string; change: string }[] }).changes;
      const changes = described
        ? `  ${described.map((c) => `${c.kind} ${c.key}: ${c.change}`).join('; ')}`
        : '';
      process.stdout.write(
        `#${item.revision} @${item.position} ${item.recordedAt} ${item.type} by ${item.metadata.actor} via ${item.metadata.source}${changes}\n`,
      );
    }
    from = page.next;
  }
  if (!options.json) process.stderr.write(`${count} ${options.subject ? 'entries' : 'events'}\n`);
  return EXIT.ok;
}
