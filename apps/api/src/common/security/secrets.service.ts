import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '../../config/app-config';

/**
 * The keys Soundlink needs: the AES-256-GCM key for tokens at rest and the HMAC secret for sessions
 * and OAuth state. From configuration when set; otherwise generated once under DATA_DIR with mode 0600,
 * so a fresh machine works and restarts keep sessions and stored tokens readable.
 */
export const IN_MEMORY = ':memory:';

@Injectable()
export class SecretsService {
  private readonly logger = new Logger(SecretsService.name);
  readonly encryptionKey: Buffer;
  readonly sessionSecret: Buffer;

  constructor(config: AppConfig) {
    this.encryptionKey = config.ENCRYPTION_KEY
      ? decodeKey(config.ENCRYPTION_KEY)
      : this.loadOrCreate(config.DATA_DIR, 'encryption.key');
    this.sessionSecret = config.SESSION_SECRET
      ? Buffer.from(config.SESSION_SECRET, 'utf8')
      : this.loadOrCreate(config.DATA_DIR, 'session.key');
  }

  private loadOrCreate(dataDir: string, name: string): Buffer {
    // DATA_DIR=:memory: keeps nothing on disk: keys live as long as the process.
    if (dataDir === IN_MEMORY) return randomBytes(32);
    const dir = resolve(dataDir);
    const file = join(dir, name);
    if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    this.logger.warn(
      `Generated ${file} (mode 0600). Back it up: without it stored Spotify tokens cannot be read.`,
    );
    return key;
  }
}

export function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}
