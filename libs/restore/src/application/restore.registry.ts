import { NotFoundException } from '@nestjs/common';
import {
  catalogRestore,
  compactionRestore,
  materializationRestore,
  mergeTreeRestore,
  segmentsRestore,
} from '../domain';
import { RestoreCategory, restoreCategory } from './restore-category';

/** Every family restore supports, by stream category (the audit routes' `{category}`). */
export const RESTORE_CATEGORIES: readonly RestoreCategory[] = [
  restoreCategory(segmentsRestore),
  restoreCategory(materializationRestore),
  restoreCategory(catalogRestore),
  restoreCategory(compactionRestore),
  restoreCategory(mergeTreeRestore),
];

export function restoreCategoryOf(category: string): RestoreCategory {
  const found = RESTORE_CATEGORIES.find((c) => c.category === category);
  if (!found) throw new NotFoundException(`Restore is not available for category ${category}`);
  return found;
}
