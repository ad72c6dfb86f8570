import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Which API keys and sessions are still valid: not revoked, not expired, their owner not disabled. */
@Injectable()
export class CredentialsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The ids among `apiKeyIds` and `sessionIds` that are still valid, in one set. */
  async stillValid(apiKeyIds: string[], sessionIds: string[]): Promise<Set<string>> {
    const valid = new Set<string>();
    if (apiKeyIds.length > 0) {
      const rows = (await this.dataSource.query(
        `SELECT k.id FROM api_keys k JOIN owners o ON o.id = k.owner_id
          WHERE k.id = ANY($1::uuid[]) AND k.revoked_at IS NULL AND o.disabled_at IS NULL`,
        [apiKeyIds],
      )) as Array<{ id: string }>;
      for (const row of rows) valid.add(row.id);
    }
    if (sessionIds.length > 0) {
      const rows = (await this.dataSource.query(
        `SELECT s.id FROM sessions s JOIN owners o ON o.id = s.owner_id
          WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now()
            AND o.disabled_at IS NULL`,
        [sessionIds],
      )) as Array<{ id: string }>;
      for (const row of rows) valid.add(row.id);
    }
    return valid;
  }
}
