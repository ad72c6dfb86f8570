import { MigrationInterface, QueryRunner } from 'typeorm';

/** The queue's triggers (AttributionQueue, AttributionQueueClickedPlays), each now recording the play's time. */
function queueFunctions(withTime: boolean): string[] {
  const col = withTime ? ', played_at' : '';
  return [
    `CREATE OR REPLACE FUNCTION attribution_queue_plays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO attribution_queue (play_id${col}) SELECT id${col} FROM new_rows WHERE source <> 'import';
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION attribution_queue_clicked_plays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO attribution_queue (play_id${col})
        SELECT DISTINCT p.id${withTime ? ', p.played_at' : ''} FROM new_rows n
          JOIN plays p ON p.listener_id = n.listener_id AND p.played_at > n.clicked_at AND p.source <> 'import'
         WHERE n.listener_id IS NOT NULL
        ON CONFLICT (play_id) DO NOTHING;
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION attribution_queue_linked_plays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO attribution_queue (play_id${col})
        SELECT DISTINCT p.id${withTime ? ', p.played_at' : ''} FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN plays p ON p.listener_id = n.listener_id AND p.played_at > n.clicked_at AND p.source <> 'import'
         WHERE n.listener_id IS NOT NULL AND o.listener_id IS DISTINCT FROM n.listener_id
        ON CONFLICT (play_id) DO NOTHING;
        RETURN NULL;
      END $$`,
  ];
}

/**
 * The attribution queue records each play's played_at (issue 20: with plays partitioned by month, the sweep
 * names its batch's months so PostgreSQL reads those partitions only). Rows queued before stay without it.
 */
export class AttributionQueuePlayedAt1796500655037 implements MigrationInterface {
  name = 'AttributionQueuePlayedAt1796500655037';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attribution_queue" ADD "played_at" TIMESTAMP WITH TIME ZONE`);
    for (const sql of queueFunctions(true)) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of queueFunctions(false)) await queryRunner.query(sql);
    await queryRunner.query(`ALTER TABLE "attribution_queue" DROP COLUMN "played_at"`);
  }
}
