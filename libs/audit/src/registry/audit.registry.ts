import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditCategory } from './audit-family';

export const AUDIT_FAMILIES = Symbol('AUDIT_FAMILIES');

/** Every category that has audit support, as declared in the app's audit registrations. */
@Injectable()
export class AuditRegistry {
  private readonly byCategory = new Map<string, AuditCategory>();

  constructor(families: readonly AuditCategory[] = []) {
    for (const family of families) this.register(family);
  }

  register(family: AuditCategory): void {
    if (this.byCategory.has(family.category))
      throw new Error(`audit category ${family.category} registered twice`);
    this.byCategory.set(family.category, family);
  }

  categories(): AuditCategory[] {
    return [...this.byCategory.values()];
  }

  /** The category, or a 404: an unknown category is just another missing resource. */
  get(category: string): AuditCategory {
    const family = this.byCategory.get(category);
    if (!family) throw new NotFoundException(`Unknown category ${category}`);
    return family;
  }
}
