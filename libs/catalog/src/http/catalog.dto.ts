import { CatalogCreated, DatabaseCreated } from '../domain';
import { object, optional, required, string } from './json-body.reader';
import { lakeFormationTime } from './partition.dto';

/** Body of POST .../catalogs: `{ catalog_name, description }`. */
export function readCreateCatalog(body: unknown): { catalogName: string; description?: string } {
  const b = object(body, '');
  return {
    catalogName: required(b, 'catalog_name', '', string),
    description: optional(b, 'description', '', string),
  };
}

/** Body of POST .../catalogs/{catalog}/databases: `{ database_name, description, location }`. */
export function readCreateDatabase(body: unknown): {
  databaseName: string;
  description?: string;
  location?: string;
} {
  const b = object(body, '');
  return {
    databaseName: required(b, 'database_name', '', string),
    description: optional(b, 'description', '', string),
    location: optional(b, 'location', '', string),
  };
}

export function catalogDto(c: CatalogCreated['data']) {
  return {
    catalog_id: c.catalogId,
    catalog_name: c.catalogName,
    description: c.description,
    create_time: lakeFormationTime(c.createdAt),
  };
}

export function databaseDto(d: DatabaseCreated['data']) {
  return {
    catalog_id: d.catalogId,
    catalog_name: d.catalogName,
    database_id: d.databaseId,
    database_name: d.databaseName,
    description: d.description,
    location: d.location,
    create_time: lakeFormationTime(d.createdAt),
  };
}
