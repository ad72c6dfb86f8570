import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAttributionIndexes1795240101592 implements MigrationInterface {
  name = 'AddAttributionIndexes1795240101592';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IX_plays_listener_track" ON "plays"  ("listener_id", "track_id", "played_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_clicks_listener" ON "clicks"  ("listener_id", "clicked_at") WHERE listener_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_clicks_listener"`);
    await queryRunner.query(`DROP INDEX "public"."IX_plays_listener_track"`);
  }
}
