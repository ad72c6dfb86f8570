import { MigrationInterface, QueryRunner } from 'typeorm';

/** Opens a target-set row for every (artist campaign, track by its artist) pair of `tracks` that has none open. */
const OPEN_ROWS = (
  tracks: string,
) => `INSERT INTO campaign_tracks (campaign_id, track_id, added_at, removed_at, snapshot_id)
        SELECT c.id, n.id, c.created_at, NULL, NULL
          FROM ${tracks}
          JOIN campaigns c ON c.destination_type = 'artist' AND c.destination_id = ANY (n.artist_ids)
         WHERE NOT EXISTS (SELECT 1 FROM campaign_tracks ct
                            WHERE ct.campaign_id = c.id AND ct.track_id = n.id AND ct.removed_at IS NULL)`;

/**
 * Issue 18: since February 2026 a development-mode Spotify app cannot call `/artists/{id}/top-tracks`, so an
 * artist campaign's target set can no longer be their top tracks. It is now every track whose artists include
 * the artist, decided from the play itself: the play's track row (written from the recently-played payload,
 * with its artists, in the statement that stores the play) joins the target set of every artist campaign of
 * one of its artists, as of the campaign's creation (the track was theirs all along). The candidates query,
 * the explanations, lift, segments and the rollups keep reading `campaign_tracks` as for albums and playlists.
 * The campaign module opens the rows of the tracks already known when an artist campaign is created.
 */
export class ArtistCampaignTracks1796475409179 implements MigrationInterface {
  name = 'ArtistCampaignTracks1796475409179';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IX_campaigns_artist" ON "campaigns"  ("destination_id") WHERE destination_type = 'artist'`,
    );
    await queryRunner.query(`CREATE FUNCTION campaign_artist_tracks_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${OPEN_ROWS('new_rows n')};
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION campaign_artist_tracks_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${OPEN_ROWS('new_rows n JOIN old_rows o ON o.id = n.id AND o.artist_ids IS DISTINCT FROM n.artist_ids')};
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER campaign_artist_tracks_inserted AFTER INSERT ON tracks
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_artist_tracks_inserted()`);
    await queryRunner.query(`CREATE TRIGGER campaign_artist_tracks_updated AFTER UPDATE ON tracks
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION campaign_artist_tracks_updated()`);
    // Artist campaigns created before: their top tracks stay, the other known tracks by the artist join.
    await queryRunner.query(OPEN_ROWS('tracks n'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER campaign_artist_tracks_updated ON tracks`);
    await queryRunner.query(`DROP TRIGGER campaign_artist_tracks_inserted ON tracks`);
    await queryRunner.query(`DROP FUNCTION campaign_artist_tracks_updated()`);
    await queryRunner.query(`DROP FUNCTION campaign_artist_tracks_inserted()`);
    await queryRunner.query(`DROP INDEX "public"."IX_campaigns_artist"`);
  }
}
