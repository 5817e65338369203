export * from './lakeformation-catalogs.controller';
export * from './lakeformation-exception.filter';
export * from './lakeformation-tables.controller';
export * from './lakeformation-browse.controller';
