import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sweep followed the plays table with a cursor over ids, passing only plays older than a lag; a
 * transaction open longer than the lag committed its lower ids after the cursor had passed them, and those
 * plays were never attributed (issue 16, defect 3). Unattributed plays are now queued explicitly: a trigger
 * adds every stored play (imports excepted: they never count) to `attribution_queue` in the storing
 * transaction, so a play is queued exactly when it becomes visible. Plays after the old cursor are queued
 * here, and the cursor goes.
 */
export class AttributionQueue1796445867805 implements MigrationInterface {
  name = 'AttributionQueue1796445867805';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attribution_queue" ("play_id" bigint NOT NULL, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d46f838c3c61b8a83d4c5a96538" PRIMARY KEY ("play_id"))`,
    );
    // Hand-written below the generated SQL (TypeORM does not model triggers).
    await queryRunner.query(`CREATE FUNCTION attribution_queue_plays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO attribution_queue (play_id) SELECT id FROM new_rows WHERE source <> 'import';
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER attribution_plays_inserted AFTER INSERT ON plays
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attribution_queue_plays()`);
    // Everything the cursor had not passed yet. (Plays it jumped over are not known: a one-off re-attribution of
    // the campaigns concerned, POST /api/v1/campaigns/{id}/reattribute, covers them.)
    await queryRunner.query(`INSERT INTO attribution_queue (play_id)
      SELECT id FROM plays
       WHERE source <> 'import'
         AND id > coalesce((SELECT max(last_play_id) FROM attribution_cursor), 0)`);
    await queryRunner.query(`DROP TABLE "attribution_cursor"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attribution_cursor" ("name" character varying(20) NOT NULL, "last_play_id" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_adcc9cca6cecbf096e7af4c67ad" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(`INSERT INTO attribution_cursor (name, last_play_id)
      SELECT 'incremental', coalesce((SELECT min(play_id) - 1 FROM attribution_queue), (SELECT max(id) FROM plays), 0)`);
    await queryRunner.query(`DROP TRIGGER attribution_plays_inserted ON plays`);
    await queryRunner.query(`DROP FUNCTION attribution_queue_plays()`);
    await queryRunner.query(`DROP TABLE "attribution_queue"`);
  }
}
