import { streamName } from '@engine/eventstore';
import type { CommandPipeline } from '@engine/kernel';
import { CatalogError, catalogRegistryDecider, findDatabase } from '../domain';
import { hash, randomUUID } from 'node:crypto';

/** A table as addressed by the LakeFormation paths (the tenant comes from the command context). */
export interface TableRef {
  readonly instanceId: string;
  readonly catalogName: string;
  readonly databaseName: string;
  readonly tableName: string;
}

/**
 * The catalogs and databases of one instance form one registry aggregate, in its own stream
 * category `lfcatalog` (one stream per tenant and instance); each table is its own `lftable` stream.
 */
export function registryStream(tenant: string, instanceId: string): string {
  return streamName('lfcatalog', tenant, instanceId);
}

export function tableStream(tenant: string, ref: TableRef): string {
  return streamName('lftable', tenant, ref.instanceId, ref.catalogName, ref.databaseName, ref.tableName);
}

/** Catalog, database and table ids: 32 hex digits, as LakeFormation shows them. */
export function newId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Deterministic, so a retried or concurrent batch names the same partition the same way. */
export function partitionIdOf(stream: string, values: readonly string[]): string {
  // One-shot hash (no Hash object per partition): a batch names hundreds of partitions.
  return hash('sha256', `${stream}\0${JSON.stringify(values)}`, 'hex').slice(0, 32);
}

/**
 * A missing table's error, made precise: an unknown catalog or database has its own 404 message
 * (BEHAVIOUR.md §6), read from the instance's registry; otherwise the table's own error.
 */
export async function missingTableError(
  pipeline: CommandPipeline,
  tenant: string,
  ref: TableRef,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof CatalogError) || error.code !== 'TABLE_NOT_FOUND') return error;
  const registry = await pipeline.load(registryStream(tenant, ref.instanceId), catalogRegistryDecider);
  try {
    findDatabase(registry.state, ref.catalogName, ref.databaseName);
  } catch (parentMissing) {
    return parentMissing;
  }
  return error;
}
