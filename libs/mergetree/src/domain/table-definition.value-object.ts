/** What CREATE TABLE declared; the partition-manipulating operations compare these between tables. */

export interface TableRef {
  readonly database: string;
  readonly table: string;
}

export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
}

/**
 * One element of the partition key: a column, or a function of a column (`toYYYYMM(d)`,
 * `toStartOfHour(t)`, `intDiv(n, 10)`); only the result type matters for the ID (BEHAVIOUR.md §6).
 */
export interface PartitionKeyElement {
  /** `identity` for the bare column, else the function name as written. */
  readonly function: string;
  readonly column: string;
  /** The whole element as written when the function has more arguments than the column (`intDiv(n, 10)`). */
  readonly expression?: string;
  /** Type of the element's value, which decides how its partition ID is printed. */
  readonly type: string;
}

export interface TableDefinition {
  readonly engine: string;
  readonly columns: readonly ColumnDefinition[];
  readonly indices: readonly string[];
  /** [] for no PARTITION BY or `tuple()`: the single partition `all`. */
  readonly partitionKey: readonly PartitionKeyElement[];
  readonly orderBy: string;
  readonly primaryKey: string;
  readonly storagePolicy: string;
}

export function tableLabel(ref: TableRef): string {
  return `${ref.database}.${ref.table}`;
}

export function partitionKeyExpression(key: readonly PartitionKeyElement[]): string {
  const elements = key.map(
    (e) => e.expression ?? (e.function === 'identity' ? e.column : `${e.function}(${e.column})`),
  );
  return elements.length === 1 ? elements[0] : `tuple(${elements.join(', ')})`;
}

/** Replicated and plain MergeTree engines are different families for MOVE PARTITION TO TABLE. */
export function engineFamily(engine: string): 'replicated' | 'plain' {
  return engine.startsWith('Replicated') ? 'replicated' : 'plain';
}

/** What CREATE TABLE says; the decider derives each key element's type from the columns. */
export type TableDefinitionSpec = Omit<TableDefinition, 'partitionKey'> & {
  readonly partitionKey: readonly Omit<PartitionKeyElement, 'type'>[];
};
