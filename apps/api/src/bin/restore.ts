/**
 * npm run restore -- FILE [--force] — restores a backup of `npm run backup` (either kind) into an empty database
 * (docs/operations.md, "Backup and restore"): DATABASE_URL when set, else the embedded database under DATA_DIR
 * (default ./data). Stop Soundlink first. Refuses a database that holds rows unless --force (then says what it
 * replaces). Runs the migrations the backup recorded, loads the rows, sets the sequences, then runs the newer
 * migrations. A backup made with --with-secrets also writes its keys under DATA_DIR.
 */
import { ConfigError, loadConfig } from '../config/app-config';
import { keyId } from '../common/security/token-cipher';
import { BackupFileError } from '../database/backup/backup-format';
import { currentKeys, writeSecrets } from '../database/backup/backup-secrets';
import { openBackupTarget } from '../database/backup/backup-target';
import { encryptedValueKeys, markUnreadableListeners } from '../database/backup/backup.repository';
import { describeRows, RestoreRefused, restoreBackup, verifyBackup } from '../database/backup/restore-backup';
import { Client } from 'pg';

const USAGE = `Usage: npm run restore -- FILE [--force]
  FILE      a backup written by npm run backup
  --force   replace the content of a database that is not empty
`;

class UsageError extends Error {}

async function main(args: string[]): Promise<number> {
  const force = args.includes('--force');
  const files = args.filter((arg) => arg !== '--force');
  const unknown = files.filter((arg) => arg.startsWith('--'));
  if (unknown.length > 0) throw new UsageError(`Unknown option: ${unknown.join(' ')}`);
  if (files.length !== 1)
    throw new UsageError(files.length === 0 ? 'No backup FILE given.' : 'Give one FILE.');
  const file = files[0] as string;
  const config = loadConfig(process.env);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const { header, secrets } = await verifyBackup(file);
  out(
    `${file}: Soundlink ${header.appVersion}, ${header.source.kind} database (PostgreSQL ${header.source.serverVersion}), taken ${header.createdAt}, ${header.tables.length} tables, ${header.migrations.length} migrations${header.withSecrets ? ', with the keys' : ''}.`,
  );
  const target = await openBackupTarget(config, 'restore');
  try {
    const started = Date.now();
    const summary = await restoreBackup({ url: target.url, file, header, force });
    if (summary.replaced.length > 0)
      out(`Replaced the previous content of ${target.description} (${describeRows(summary.replaced)}).`);
    out(
      `Restored ${summary.rows} rows in ${summary.tables} tables into ${target.description} (${Date.now() - started} ms); ${summary.newerMigrations} newer migrations ran after.`,
    );
    if (secrets) for (const note of writeSecrets(config, secrets, force)) out(note);
    await reportUnreadableTokens(target.url, config, out);
    return 0;
  } finally {
    await target.close();
  }
}

/**
 * Without the backup's key, the stored Spotify tokens and webhook secrets cannot be decrypted: says so, and
 * moves the listeners concerned to needs_reconnect (they are asked to reconnect, as when Spotify refuses a token).
 */
async function reportUnreadableTokens(
  url: string,
  config: ReturnType<typeof loadConfig>,
  out: (line: string) => void,
): Promise<void> {
  const key = currentKeys(config).encryptionKey;
  const current = key ? keyId(key) : '';
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const unreadable = (await encryptedValueKeys(client)).filter((entry) => entry.keyId !== current);
    if (unreadable.length === 0) return;
    const count = (table: string) =>
      unreadable.filter((e) => e.table === table).reduce((sum, e) => sum + e.rows, 0);
    const marked = await markUnreadableListeners(
      client,
      current,
      'Restored from a backup without the encryption key: reconnect to Spotify.',
    );
    out(
      `Warning: this installation's encryption key (ENCRYPTION_KEY or ${config.DATA_DIR}/encryption.key${key ? '' : ', not created yet'}) is not the one the backup's tokens were encrypted with: the tokens cannot be decrypted.`,
    );
    out(
      `  ${count('listeners')} listeners need to reconnect (${marked} moved to needs_reconnect), ${count('owner_spotify_accounts')} owners must reconnect their Spotify account, ${count('webhook_endpoints')} webhook endpoints need a new secret.`,
    );
    out('  To keep them, restore a backup taken with --with-secrets, or set ENCRYPTION_KEY to the old key.');
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    const known = error instanceof BackupFileError || error instanceof RestoreRefused;
    process.stderr.write(`Restore failed: ${message}\n`);
    process.exit(known ? 3 : 1);
  },
);
