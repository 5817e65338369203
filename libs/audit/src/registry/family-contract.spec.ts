import { AuditCategory } from './audit-family';
import { assertCompleteContracts } from './family-contract';

const audit = (category: string) => ({ category }) as AuditCategory;
const schemas = (category: string) => ({ category, description: category, events: {} });

describe('family contracts', () => {
  it('accepts families whose every category has both an audit view and event schemas', () => {
    expect(() =>
      assertCompleteContracts([
        { audit: [audit('a')], schemas: [schemas('a')] },
        { audit: [audit('b'), audit('c')], schemas: [schemas('c'), schemas('b')] },
      ]),
    ).not.toThrow();
  });

  it('refuses a category with only one half, naming it', () => {
    expect(() =>
      assertCompleteContracts([
        { audit: [audit('a'), audit('b')], schemas: [schemas('a')] },
        { audit: [], schemas: [schemas('c')] },
      ]),
    ).toThrow('incomplete family contracts: b has no event schemas, c has no audit view');
  });
});
