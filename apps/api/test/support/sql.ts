import { Client } from 'pg';
import type { TestServer } from './test-server';

/** Runs one statement on the test server's database over a connection of its own (not the app's pool). */
export async function sql<T = Record<string, unknown>>(
  server: TestServer,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: server.database.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
