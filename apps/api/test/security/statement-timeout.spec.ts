import { DataSource, QueryFailedError } from 'typeorm';
import { startTestServer, TestServer } from '../support/test-server';

describe('security: database statement timeout', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Short enough for a test; the migrations at start run without it.
    server = await startTestServer({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });
  });
  afterAll(() => server?.stop());

  it("attack: one slow query holds a connection of the app's pool for as long as it runs", async () => {
    const dataSource = server.app.get(DataSource);
    const outcome = await dataSource.query('SELECT pg_sleep(3)').then(
      () => 'completed',
      (error: unknown) => error,
    );
    if (server.database.kind === 'server') {
      expect(outcome).toBeInstanceOf(QueryFailedError);
      // query_canceled: "canceling statement due to statement timeout"
      expect((outcome as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe(
        '57014',
      );
    } else {
      // PGlite (one WebAssembly thread, no timer signals) cannot cancel a running statement, and its socket
      // server ignores connection parameters: the timeout is a PostgreSQL server's (docs/architecture.md).
      expect(outcome).toBe('completed');
    }
    // The connection is usable afterwards.
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  }, 20_000);

  it('a maintenance transaction lifts the timeout for itself only (SET LOCAL), and the pool keeps it', async () => {
    const dataSource = server.app.get(DataSource);
    await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 0');
      await manager.query('SELECT pg_sleep(0.5)');
    });
    if (server.database.kind === 'server') {
      // Every pooled connection, the one the migrations ran on included (DATABASE_POOL_SIZE is 5 in tests).
      const settings = (await Promise.all(
        Array.from({ length: 5 }, () => dataSource.query('SHOW statement_timeout')),
      )) as Array<Array<{ statement_timeout: string }>>;
      expect(settings.map(([row]) => row?.statement_timeout)).toEqual(Array(5).fill('300ms'));
    }
  });
});
