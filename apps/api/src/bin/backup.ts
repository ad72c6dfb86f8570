/**
 * npm run backup -- --out FILE [--with-secrets] [--format soundlink|pg_dump] — a consistent, compressed snapshot
 * of the database while Soundlink runs (docs/operations.md, "Backup and restore").
 *
 * Uses DATABASE_URL, or else the embedded database under DATA_DIR (default ./data): through the running app's
 * instance when it runs (its loopback URL is in DATA_DIR/embedded-postgres.lock), else opened here. The default
 * format is Soundlink's own (database/backup/backup-format.ts), the same for both kinds, so a backup of one kind
 * restores into the other. `--format pg_dump` runs `pg_dump -Fc` (a server only; needs the PostgreSQL client
 * tools of the server's major version or newer). `--with-secrets` adds the token encryption key and the session
 * secret: store such a file like the key itself.
 */
import { spawn } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config/app-config';
import { secretsForBackup } from '../database/backup/backup-secrets';
import { openBackupTarget } from '../database/backup/backup-target';
import { takeBackup } from '../database/backup/take-backup';

const USAGE = `Usage: npm run backup -- --out FILE [--with-secrets] [--format soundlink|pg_dump]
  --out FILE        where to write the backup (written to a temp file beside it, renamed when complete)
  --with-secrets    include the token encryption key and the session secret (store the file like the key)
  --format pg_dump  PostgreSQL server only: pg_dump's custom format (needs pg_dump installed)
`;

class UsageError extends Error {}

function parse(args: string[]): { out: string; withSecrets: boolean; format: 'soundlink' | 'pg_dump' } {
  let out: string | undefined;
  let withSecrets = false;
  let format: 'soundlink' | 'pg_dump' = 'soundlink';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out') out = args[++i];
    else if (arg === '--with-secrets') withSecrets = true;
    else if (arg === '--format') {
      const value = args[++i];
      if (value !== 'soundlink' && value !== 'pg_dump') throw new UsageError(`Unknown format: ${value}`);
      format = value;
    } else throw new UsageError(`Unknown argument: ${arg}`);
  }
  if (!out) throw new UsageError('No --out FILE given.');
  return { out, withSecrets, format };
}

async function main(args: string[]): Promise<number> {
  const options = parse(args);
  const config = loadConfig(process.env);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (options.format === 'pg_dump') {
    if (!config.DATABASE_URL)
      throw new Error(
        '--format pg_dump is for a PostgreSQL server (DATABASE_URL): the embedded database is backed up in the Soundlink format.',
      );
    if (options.withSecrets)
      throw new Error('--with-secrets is not available with --format pg_dump: back the keys up separately.');
    await pgDump(config.DATABASE_URL, options.out);
    out(
      `Wrote ${options.out} (pg_dump custom format, ${(await stat(options.out)).size} bytes). Restore it with pg_restore.`,
    );
    return 0;
  }
  const secrets = options.withSecrets ? secretsForBackup(config) : undefined;
  const target = await openBackupTarget(config, 'backup');
  try {
    const started = Date.now();
    const summary = await takeBackup({ url: target.url, kind: target.kind, out: options.out, secrets });
    const size = (await stat(options.out)).size;
    out(
      `Backed up ${target.description}: ${summary.tables} tables, ${summary.rows} rows, to ${options.out} (${size} bytes, ${Date.now() - started} ms).`,
    );
    out(
      summary.withSecrets
        ? 'It holds the encryption key and the session secret: store it as safely as the keys themselves.'
        : "Without the keys (no --with-secrets): restored elsewhere, listeners must reconnect unless that installation has this one's ENCRYPTION_KEY.",
    );
    return 0;
  } finally {
    await target.close();
  }
}

/** pg_dump -Fc into a temp file beside `file`, renamed when pg_dump succeeds. */
async function pgDump(url: string, file: string): Promise<void> {
  const temp = `${file}.${process.pid}.partial`;
  const stderr: Buffer[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('pg_dump', ['-Fc', '--no-owner', '-f', temp, '--dbname', url], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'pg_dump is not installed (PostgreSQL client tools): install the version of your server, or use the default format (no --format), which needs no tools.',
            )
          : error,
      ),
    );
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) {
    await rm(temp, { force: true });
    throw new Error(`pg_dump failed: ${Buffer.concat(stderr).toString('utf8').trim()}`);
  }
  await rename(temp, file);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`Backup failed: ${message}\n`);
    process.exit(1);
  },
);
