/**
 * Runs the embedded PostgreSQL (PGlite) on its own, for tools and tests:
 *   node -r @swc-node/register apps/api/src/bin/embedded-postgres.ts [--data-dir DIR] [--port N]
 * Without --data-dir the database lives in memory and vanishes on exit. Prints one JSON line
 * `{"url": "postgres://…"}` when ready, then serves until SIGTERM/SIGINT or until stdin closes.
 */
import { startEmbeddedPostgres } from '../database/embedded-postgres';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const embedded = await startEmbeddedPostgres({ dataDir: argument('--data-dir') });
  process.stdout.write(`${JSON.stringify({ url: embedded.url, location: embedded.location })}\n`);
  const stop = () => {
    embedded.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.argv.includes('--exit-with-stdin')) {
    process.stdin.resume();
    process.stdin.on('end', stop);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Embedded PostgreSQL failed to start: ${String(error)}\n`);
  process.exit(1);
});
