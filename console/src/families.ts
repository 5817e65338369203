/** The lifecycle families as the console shows them (one audit category each). */
export interface Family {
  category: string;
  label: string;
  /** What one aggregate of the category is. */
  noun: string;
  /** The API the family speaks. */
  dialect: string;
  /** Point-in-time restore exists for the category (libs/restore's registry). */
  restorable?: boolean;
}

export const FAMILIES: Family[] = [
  {
    category: 'datasource',
    label: 'Druid datasources',
    noun: 'datasource',
    dialect: 'Druid',
    restorable: true,
  },
  {
    category: 'mergetree',
    label: 'ClickHouse tables',
    noun: 'table',
    dialect: 'ClickHouse',
    restorable: true,
  },
  {
    category: 'lftable',
    label: 'LakeFormation tables',
    noun: 'table',
    dialect: 'LakeFormation',
    restorable: true,
  },
  { category: 'lfcatalog', label: 'LakeFormation catalogs', noun: 'instance', dialect: 'LakeFormation' },
  { category: 'tablet', label: 'Doris tablets', noun: 'tablet', dialect: 'Doris', restorable: true },
  { category: 'matplan', label: 'CAN plans', noun: 'plan', dialect: 'CAN', restorable: true },
];

export const familyOf = (category: string): Family =>
  FAMILIES.find((f) => f.category === category) ?? {
    category,
    label: category,
    noun: 'aggregate',
    dialect: '',
  };

export const routes = {
  family: (category: string) => `#/family/${encodeURIComponent(category)}`,
  aggregate: (category: string, id: string, tab = 'browse') =>
    `#/agg/${encodeURIComponent(category)}/${encodeURIComponent(id)}?tab=${tab}`,
  subject: (category: string, id: string, subject: string) =>
    `#/subject/${encodeURIComponent(category)}/${encodeURIComponent(id)}/${encodeURIComponent(subject)}`,
};
