import { ClickHouseError } from './clickhouse.error';

export interface OutputColumn {
  readonly name: string;
  readonly type: string;
}

export interface FormattedOutput {
  readonly body: string;
  readonly contentType: string;
  readonly format: string;
}

type Value = unknown;

const FORMATS: Readonly<Record<string, string>> = {
  tabseparated: 'TabSeparated',
  tsv: 'TabSeparated',
  tabseparatedwithnames: 'TabSeparatedWithNames',
  tsvwithnames: 'TabSeparatedWithNames',
  tabseparatedwithnamesandtypes: 'TabSeparatedWithNamesAndTypes',
  tsvwithnamesandtypes: 'TabSeparatedWithNamesAndTypes',
  json: 'JSON',
  jsoncompact: 'JSONCompact',
  jsoneachrow: 'JSONEachRow',
  jsoncompacteachrow: 'JSONCompactEachRow',
  csv: 'CSV',
  csvwithnames: 'CSVWithNames',
};

/** ClickHouse quotes 64-bit integers in JSON (output_format_json_quote_64bit_integers=1). */
const QUOTED_IN_JSON = /^(Nullable\()?U?Int(64|128|256)\)?$/;

/** Renders rows in one of ClickHouse's output formats (TabSeparated when the query names none). */
export function formatOutput(
  formatName: string | undefined,
  columns: readonly OutputColumn[],
  rows: readonly Value[][],
): FormattedOutput {
  const format = FORMATS[(formatName ?? 'TabSeparated').toLowerCase()];
  if (!format) throw new ClickHouseError(73, 'UNKNOWN_FORMAT', `Unknown output format ${formatName}`);
  const json = (value: Value, column: OutputColumn) =>
    value === null || value === undefined ? null : QUOTED_IN_JSON.test(column.type) ? String(value) : value;
  const jsonRow = (row: Value[]) => Object.fromEntries(columns.map((c, i) => [c.name, json(row[i], c)]));
  const lines = (items: string[]) => items.map((line) => `${line}\n`).join('');
  switch (format) {
    case 'JSON':
    case 'JSONCompact': {
      const data =
        format === 'JSON' ? rows.map(jsonRow) : rows.map((row) => columns.map((c, i) => json(row[i], c)));
      const body = {
        meta: columns.map(({ name, type }) => ({ name, type })),
        data,
        rows: rows.length,
        statistics: { elapsed: 0, rows_read: rows.length, bytes_read: 0 },
      };
      return {
        body: `${JSON.stringify(body, null, '\t')}\n`,
        contentType: 'application/json; charset=UTF-8',
        format,
      };
    }
    case 'JSONEachRow':
      return {
        body: lines(rows.map((row) => JSON.stringify(jsonRow(row)))),
        contentType: 'application/x-ndjson; charset=UTF-8',
        format,
      };
    case 'JSONCompactEachRow':
      return {
        body: lines(rows.map((row) => JSON.stringify(columns.map((c, i) => json(row[i], c))))),
        contentType: 'application/x-ndjson; charset=UTF-8',
        format,
      };
    case 'CSV':
    case 'CSVWithNames': {
      const header = format === 'CSVWithNames' ? [columns.map((c) => csv(c.name)).join(',')] : [];
      return {
        body: lines([...header, ...rows.map((row) => row.map(csv).join(','))]),
        contentType: 'text/csv; charset=UTF-8',
        format,
      };
    }
    default: {
      const header = format === 'TabSeparated' ? [] : [columns.map((c) => tsv(c.name)).join('\t')];
      if (format === 'TabSeparatedWithNamesAndTypes') header.push(columns.map((c) => tsv(c.type)).join('\t'));
      return {
        body: lines([...header, ...rows.map((row) => row.map(tsv).join('\t'))]),
        contentType: 'text/tab-separated-values; charset=UTF-8',
        format,
      };
    }
  }
}

function tsv(value: Value): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

function csv(value: Value): string {
  if (value === null || value === undefined) return '\\N';
  return typeof value === 'number' ? String(value) : `"${String(value).replace(/"/g, '""')}"`;
}
