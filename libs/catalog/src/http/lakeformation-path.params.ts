import { TableRef } from '../application';
import { CatalogName, DatabaseName, InstanceId, TableName } from '../domain';

/** Path parameters of the LakeFormation routes, checked against the reference's name rules. */
export interface LakeFormationPath {
  project_id: string;
  instance_id: string;
  catalog_name?: string;
  database_name?: string;
  table_name?: string;
}

export function instanceOf(path: LakeFormationPath): string {
  return InstanceId.check(path.instance_id);
}

export function catalogOf(path: LakeFormationPath): string {
  return CatalogName.check(path.catalog_name ?? '');
}

export function tableRefOf(path: LakeFormationPath, tableName = path.table_name ?? ''): TableRef {
  return {
    instanceId: instanceOf(path),
    catalogName: catalogOf(path),
    databaseName: DatabaseName.check(path.database_name ?? ''),
    tableName: TableName.check(tableName),
  };
}
