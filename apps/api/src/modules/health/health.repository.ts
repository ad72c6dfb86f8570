import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MigrationExecutor } from 'typeorm';

/** The health checks' statements: is the database answering, and does it have every migration of this build? */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves once the database answered a trivial query; rejects when it cannot. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /**
   * How many of this build's migrations the database has not recorded as applied (0: the schema is current).
   * Rejects when the database cannot be asked.
   */
  async pendingMigrations(): Promise<number> {
    return (await new MigrationExecutor(this.dataSource).getPendingMigrations()).length;
  }
}
