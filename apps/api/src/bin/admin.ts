/**
 * npm run admin -- <command> — the operator's account tool (docs/campaigns.md, "Accounts"):
 *
 *   grant EMAIL            make an existing owner an admin
 *   revoke EMAIL           make an admin an ordinary owner again
 *   list                   the admins
 *   reset-password EMAIL   print a one-time password reset link (24 hours, one use) for the owner
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (default ./data) when it is not set, as the
 * app does. The embedded database can be opened by one process only: stop the app first (a running app
 * holds DATA_DIR/pg/soundlink.lock and this tool says so). With DATABASE_URL it runs beside the app.
 * Role changes apply to the owner's next request (the role is read with every session check).
 */
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../database/embedded-postgres';
import { AuditLogEntity } from '../modules/audit/audit-log.entity';
import {
  issuePasswordReset,
  listAdmins,
  normaliseEmail,
  passwordResetLink,
  setRole,
} from '../modules/auth/owner-accounts.repository';
import { OwnerEntity } from '../modules/auth/owner.entity';

const USAGE = `Usage: npm run admin -- <command>
  grant EMAIL            make an existing owner an admin
  revoke EMAIL           make an admin an ordinary owner again
  list                   list the admins
  reset-password EMAIL   print a one-time password reset link (valid 24 hours, one use)
`;

class UsageError extends Error {}

async function main(args: string[]): Promise<number> {
  const [command, email, ...rest] = args;
  const needsEmail = command === 'grant' || command === 'revoke' || command === 'reset-password';
  if (
    !command ||
    rest.length > 0 ||
    !(needsEmail || command === 'list') ||
    (needsEmail && !email) ||
    (command === 'list' && email)
  )
    throw new UsageError(command ? `Unknown or incomplete command: ${args.join(' ')}` : 'No command given.');

  const config = loadConfig(process.env);
  const embedded: EmbeddedPostgres | undefined = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR === ':memory:' ? undefined : config.DATA_DIR });
  const dataSource = new DataSource(
    dataSourceOptions(config.DATABASE_URL ?? (embedded as EmbeddedPostgres).url, 2),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const manager = dataSource.manager;
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const audit = (owner: OwnerEntity, action: string) =>
      manager.getRepository(AuditLogEntity).insert({
        ownerId: owner.id,
        actorType: 'system',
        actorId: null,
        apiKeyId: null,
        requestId: null,
        action,
        entityType: 'owner',
        entityId: owner.id,
        changes: { via: 'npm run admin' },
      });
    if (command === 'list') {
      const admins = await listAdmins(manager);
      if (admins.length === 0) out('No admins. Grant one with: npm run admin -- grant EMAIL');
      for (const admin of admins)
        out(`${admin.email}\t${admin.displayName}${admin.disabledAt ? '\t(disabled)' : ''}`);
      return 0;
    }
    const address = normaliseEmail(email as string);
    if (command === 'reset-password') {
      const owner = await manager.getRepository(OwnerEntity).findOneBy({ email: address });
      if (!owner) return notFound(address);
      const { token, expiresAt } = await issuePasswordReset(manager, owner.id);
      await audit(owner, 'owner.password_reset_issued');
      out(
        `One-time password reset link for ${owner.email} (valid until ${expiresAt.toISOString()}, one use):`,
      );
      out(passwordResetLink(config.publicUrl, token));
      out('Give it to the owner; it is not stored and cannot be shown again.');
      return 0;
    }
    const role = command === 'grant' ? 'admin' : 'owner';
    const owner = await setRole(manager, address, role);
    if (!owner) return notFound(address);
    await audit(owner, role === 'admin' ? 'owner.admin_granted' : 'owner.admin_revoked');
    out(role === 'admin' ? `${owner.email} is now an admin.` : `${owner.email} is no longer an admin.`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

function notFound(email: string): number {
  process.stderr.write(`No owner with the email ${email}. They register first, then you grant.\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
