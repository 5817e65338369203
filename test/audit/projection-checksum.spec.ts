import { projectionChecksum } from '@engine/audit';
import Database from 'better-sqlite3';

function database(rows: [string, number][], extra = ''): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;
    CREATE TABLE n (a TEXT, b BLOB);
    CREATE TABLE _checkpoint (name TEXT PRIMARY KEY, position TEXT);
    INSERT INTO _checkpoint VALUES ('p', '${rows.length}'); ${extra}`);
  for (const [k, v] of rows) {
    db.prepare('INSERT INTO t VALUES (?, ?)').run(k, v);
    db.prepare('INSERT INTO n VALUES (?, ?)').run(k, Buffer.from([v]));
  }
  return db;
}

describe('projectionChecksum', () => {
  it('depends on the rows, not on their insertion order or the checkpoint', () => {
    const a = projectionChecksum(
      database([
        ['x', 1],
        ['y', 2],
        ['z', 3],
      ]),
    );
    const b = projectionChecksum(
      database(
        [
          ['z', 3],
          ['x', 1],
          ['y', 2],
        ],
        "UPDATE _checkpoint SET position = '99';",
      ),
    );
    expect(b).toEqual(a);
    expect(a).toMatchObject({ rows: 6, tables: ['n', 't'] });
  });

  it('changes with any value, in keyed and unkeyed tables alike', () => {
    const base = projectionChecksum(
      database([
        ['x', 1],
        ['y', 2],
      ]),
    ).checksum;
    expect(
      projectionChecksum(
        database([
          ['x', 1],
          ['y', 3],
        ]),
      ).checksum,
    ).not.toBe(base);
    expect(projectionChecksum(database([['x', 1]])).checksum).not.toBe(base);
    expect(
      projectionChecksum(
        database(
          [
            ['x', 1],
            ['y', 2],
          ],
          'CREATE TABLE extra (c TEXT);',
        ),
      ).checksum,
    ).not.toBe(base);
  });
});
