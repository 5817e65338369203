import { CatalogModule } from '@engine/catalog';
import { CompactionModule } from '@engine/compaction';
import { MaterializationModule } from '@engine/materialization';
import { MergeTreeModule } from '@engine/mergetree';
import { SegmentsModule } from '@engine/segments';

/** Every lifecycle family the engine serves; each is one vertical slice under libs/. */
export const FAMILY_MODULES = [
  SegmentsModule,
  MergeTreeModule,
  CatalogModule,
  CompactionModule,
  MaterializationModule,
];
