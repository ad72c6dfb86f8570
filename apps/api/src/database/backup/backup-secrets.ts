import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeKey, IN_MEMORY } from '../../common/security/secrets.service';
import type { AppConfig } from '../../config/app-config';
import type { BackupSecrets } from './backup-format';

/**
 * The key material as SecretsService reads it (ENCRYPTION_KEY / SESSION_SECRET, else DATA_DIR/encryption.key and
 * DATA_DIR/session.key), without generating anything: undefined where there is none.
 */
export function currentKeys(config: AppConfig): { encryptionKey?: Buffer; sessionSecret?: Buffer } {
  const fromFile = (name: string): Buffer | undefined => {
    if (config.DATA_DIR === IN_MEMORY) return undefined;
    const file = join(resolve(config.DATA_DIR), name);
    return existsSync(file) ? Buffer.from(readFileSync(file, 'utf8').trim(), 'base64') : undefined;
  };
  return {
    encryptionKey: config.ENCRYPTION_KEY ? decodeKey(config.ENCRYPTION_KEY) : fromFile('encryption.key'),
    sessionSecret: config.SESSION_SECRET
      ? Buffer.from(config.SESSION_SECRET, 'utf8')
      : fromFile('session.key'),
  };
}

/** What --with-secrets puts in the backup; fails when the installation has no keys to give. */
export function secretsForBackup(config: AppConfig): BackupSecrets {
  const { encryptionKey, sessionSecret } = currentKeys(config);
  if (!encryptionKey || !sessionSecret)
    throw new Error(
      `--with-secrets: no ${encryptionKey ? 'session secret' : 'encryption key'} found (neither ${
        encryptionKey ? 'SESSION_SECRET' : 'ENCRYPTION_KEY'
      } nor a key file under DATA_DIR=${config.DATA_DIR}). Run the backup with the same environment and DATA_DIR as the app.`,
    );
  return { encryptionKey: encryptionKey.toString('base64'), sessionSecret: sessionSecret.toString('base64') };
}

/**
 * Writes the backup's keys where the app reads them (DATA_DIR/encryption.key and session.key, mode 0600). A key
 * file holding another key is replaced only with `force` (kept beside as `<name>.replaced-<time>`). Answers
 * what was done, line by line, including a warning when the environment overrides the files.
 */
export function writeSecrets(config: AppConfig, secrets: BackupSecrets, force: boolean): string[] {
  if (config.DATA_DIR === IN_MEMORY)
    throw new Error('DATA_DIR=:memory: keeps no keys on disk: set DATA_DIR to restore the backup keys.');
  const dir = resolve(config.DATA_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const notes: string[] = [];
  const files: Array<[string, string, string | undefined, string]> = [
    [
      'encryption.key',
      secrets.encryptionKey,
      config.ENCRYPTION_KEY && decodeKey(config.ENCRYPTION_KEY).toString('base64'),
      'ENCRYPTION_KEY',
    ],
    [
      'session.key',
      secrets.sessionSecret,
      config.SESSION_SECRET && Buffer.from(config.SESSION_SECRET, 'utf8').toString('base64'),
      'SESSION_SECRET',
    ],
  ];
  for (const [name, value, fromEnv, variable] of files) {
    const file = join(dir, name);
    if (existsSync(file)) {
      const existing = readFileSync(file, 'utf8').trim();
      if (existing !== value) {
        if (!force)
          throw new Error(
            `${file} holds another key: restore with --force to replace it (the old one is kept beside).`,
          );
        renameSync(file, `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      }
    }
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    notes.push(`Wrote the backup's ${name} to ${file} (mode 0600).`);
    if (fromEnv !== undefined && fromEnv !== value)
      notes.push(
        `Warning: ${variable} is set and differs from the backup's key; it overrides ${file}. Unset it, or set it to the backup's value.`,
      );
  }
  return notes;
}
