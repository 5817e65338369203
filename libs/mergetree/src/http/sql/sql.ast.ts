/** What the ClickHouse statements parse into; the controller turns them into commands and queries. */

export interface TableName {
  readonly database?: string;
  readonly table: string;
}

/** A constant expression as written: literals, tuples and function calls (`toYYYYMM(toDate('...'))`). */
export type Expr =
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] };

export type PartitionExpr =
  | { readonly kind: 'all' }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'value'; readonly expr: Expr };

export type SettingValue = string | number;
export type Settings = Readonly<Record<string, SettingValue>>;

export interface ColumnAst {
  readonly name: string;
  readonly type: string;
}

export interface CreateTableStatement {
  readonly kind: 'create';
  readonly ifNotExists: boolean;
  readonly table: TableName;
  readonly columns: readonly ColumnAst[];
  readonly indices: readonly string[];
  readonly engine: string;
  readonly partitionBy?: Expr;
  readonly orderBy?: string;
  readonly primaryKey?: string;
  readonly tableSettings: Settings;
}

export type DiskTargetAst = { readonly kind: 'disk' | 'volume'; readonly name: string };

export type AlterAction =
  | {
      readonly kind: 'detach-partition' | 'drop-partition' | 'attach-partition' | 'forget-partition';
      readonly partition: PartitionExpr;
    }
  | { readonly kind: 'detach-part' | 'drop-part' | 'attach-part'; readonly name: string }
  | { readonly kind: 'drop-detached-partition'; readonly partition: PartitionExpr }
  | { readonly kind: 'drop-detached-part'; readonly name: string }
  | {
      readonly kind: 'attach-partition-from' | 'replace-partition-from';
      readonly partition: PartitionExpr;
      readonly from: TableName;
    }
  | { readonly kind: 'move-partition-to-table'; readonly partition: PartitionExpr; readonly to: TableName }
  | {
      readonly kind: 'move-partition-to-disk';
      readonly partition: PartitionExpr;
      readonly target: DiskTargetAst;
    }
  | { readonly kind: 'move-part-to-disk'; readonly name: string; readonly target: DiskTargetAst }
  | { readonly kind: 'clear-column'; readonly column: string; readonly partition: PartitionExpr }
  | { readonly kind: 'clear-index'; readonly index: string; readonly partition: PartitionExpr }
  | { readonly kind: 'freeze'; readonly partition?: PartitionExpr; readonly withName?: string }
  | { readonly kind: 'unfreeze'; readonly partition?: PartitionExpr; readonly withName: string }
  | { readonly kind: 'fetch-partition'; readonly partition: PartitionExpr; readonly from: string }
  | { readonly kind: 'fetch-part'; readonly name: string; readonly from: string }
  | {
      readonly kind: 'update';
      readonly assignments: readonly { column: string; expression: string }[];
      readonly partition?: PartitionExpr;
      readonly where: string;
    }
  | { readonly kind: 'delete'; readonly partition?: PartitionExpr; readonly where: string };

export interface AlterStatement {
  readonly kind: 'alter';
  readonly table: TableName;
  readonly action: AlterAction;
}

export interface OptimizeStatement {
  readonly kind: 'optimize';
  readonly table: TableName;
  readonly partition?: PartitionExpr;
  readonly final: boolean;
}

export interface SetStatement {
  readonly kind: 'set';
  readonly values: Settings;
}

export interface Condition {
  readonly column: string;
  readonly operator: '=' | '!=' | 'in' | 'not in';
  readonly values: readonly (string | number | null)[];
}

export interface SelectStatement {
  readonly kind: 'select';
  /** Empty for `*`. */
  readonly columns: readonly string[];
  readonly from: TableName;
  readonly where: readonly Condition[];
  readonly orderBy: readonly { column: string; descending: boolean }[];
  readonly limit?: number;
}

/** `SELECT 1`, `SELECT version(), timezone()`: the probes tools send before anything else. */
export interface ProbeStatement {
  readonly kind: 'probe';
  readonly items: readonly { readonly expr: Expr; readonly name: string }[];
}

/** SHOW DATABASES, SHOW TABLES [FROM db], DESCRIBE [TABLE] t, EXISTS [TABLE] t. */
export type CatalogStatement =
  | { readonly kind: 'show-databases' }
  | { readonly kind: 'show-tables'; readonly database?: string }
  | { readonly kind: 'describe'; readonly table: TableName }
  | { readonly kind: 'exists'; readonly table: TableName };

export type StatementBody =
  | CreateTableStatement
  | AlterStatement
  | OptimizeStatement
  | SetStatement
  | SelectStatement
  | ProbeStatement
  | CatalogStatement;

/** A statement with its trailing `SETTINGS ...` and `FORMAT ...` clauses. */
export type Statement = StatementBody & { readonly settings: Settings; readonly format?: string };
