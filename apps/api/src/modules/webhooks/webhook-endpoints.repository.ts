import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updatedRows } from '../../database/updated-rows';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/** webhook_endpoints: an owner's endpoints (always looked up with the owner: another's is not found). */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(WebhookEndpointEntity);
  }

  async insert(row: Partial<WebhookEndpointEntity>): Promise<WebhookEndpointEntity> {
    return this.rows.save(this.rows.create(row));
  }

  listOfOwner(ownerId: string): Promise<WebhookEndpointEntity[]> {
    return this.rows.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findOfOwner(ownerId: string, id: string): Promise<WebhookEndpointEntity | null> {
    return this.rows.findOne({ where: { ownerId, id } });
  }

  save(endpoint: WebhookEndpointEntity): Promise<WebhookEndpointEntity> {
    return this.rows.save(endpoint);
  }

  async deleteOfOwner(ownerId: string, id: string): Promise<boolean> {
    const result = await this.rows.delete({ ownerId, id });
    return (result.affected ?? 0) > 0;
  }

  /** Disables an enabled endpoint; false when it was disabled already (by its owner or another worker). */
  async disable(id: string, reason: string, at: Date): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = $3, updated_at = now()
          WHERE id = $1 AND enabled RETURNING id`,
        [id, reason.slice(0, 300), at],
      ),
    );
    return rows.length > 0;
  }

  /** A failed attempt: the endpoint is failing since then, unless it was already; answers since when. */
  async markFailing(id: string, at: Date): Promise<Date> {
    const rows = updatedRows<{ failing_since: Date }>(
      await this.dataSource.query(
        `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2) WHERE id = $1 RETURNING failing_since`,
        [id, at],
      ),
    );
    return rows[0]?.failing_since ?? at;
  }

  /** A 2xx: the endpoint is healthy again. */
  async markHealthy(id: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL',
      [id],
    );
  }
}
