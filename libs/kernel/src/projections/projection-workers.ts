// Read side, helper: starts this folder's worker scripts and, inside them, loads a projection
// definition by its `source` (used by projection-host.ts and projection-catch-up.ts).
import * as path from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';
import type { ProjectionDefinition } from './projection';

// Tests and `npm run bench:*` run the TypeScript sources: a worker then loads them the same way.
const fromSources = __filename.endsWith('.ts');

/** Starts one of this folder's worker scripts (`projection-host.worker`, `projection-catch-up.worker`). */
export function spawnProjectionWorker(script: string, options: WorkerOptions = {}): Worker {
  return new Worker(path.join(__dirname, `${script}.${fromSources ? 'ts' : 'js'}`), {
    ...options,
    execArgv: fromSources ? ['-r', '@swc-node/register'] : [],
  });
}

/** Inside a worker: the projection a definition's `source` names. */
export async function loadProjection(file: string, exportName: string): Promise<ProjectionDefinition> {
  const module = (await import(file)) as Record<string, ProjectionDefinition>;
  const definition = module[exportName];
  if (!definition) throw new Error(`${exportName} not exported by ${file}`);
  return definition;
}
