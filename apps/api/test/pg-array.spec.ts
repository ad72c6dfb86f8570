import { Client } from 'pg';
import { pgArray, pgColumn } from '../src/database/pg-array';
import { createTestDatabase, TestDatabase } from './support/test-database';

// The click batches travel as these literals: PostgreSQL must read back exactly what the redirect recorded.
describe('PostgreSQL array literals (pgArray, pgColumn)', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const readBack = async (literal: string | null, type: string) =>
    ((await client.query(`SELECT $1::${type}[] AS v`, [literal])).rows[0] as { v: unknown }).v;

  it('round-trips text that needs quoting, and the words NULL and null as text', async () => {
    const values = [
      'plain',
      'NULL',
      'null',
      'Null',
      'NULLS',
      '',
      'with space',
      'quote"inside',
      'back\\slash\\',
      '{braces}',
      'comma,here',
      'ünïcode ♫',
      '2026-11-21T14:00:00.000Z',
      null,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
    ];
    expect(await readBack(pgArray(values), 'text')).toEqual(values);
  });

  it('round-trips booleans and nulls', async () => {
    expect(await readBack(pgArray([true, false, null]), 'boolean')).toEqual([true, false, null]);
  });

  it('sends no array for a column empty in the whole batch (unnest pads it with nulls)', async () => {
    const rows = [{ utm: null }, { utm: undefined }];
    expect(pgColumn(rows, (row) => row.utm)).toBeNull();
    expect(
      await readBack(
        pgColumn([{ utm: 'ig' }, { utm: null }], (row) => row.utm),
        'text',
      ),
    ).toEqual(['ig', null]);
  });
});
