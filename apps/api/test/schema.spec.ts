import { schemaDiffAfterMigrations } from '../src/database/schema-drift';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('database schema', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('has no drift: after every migration, the entities need no further SQL', async () => {
    const diff = await schemaDiffAfterMigrations(database.url);
    expect(diff.up).toEqual([]);
  });
});
