/**
 * npm run bench:attribution — attribution throughput: plays attributed per second by the incremental sweep.
 *
 * Generates, straight in SQL, a campaign with a 500-track target set, LISTENERS listeners who clicked its link
 * and PLAYS_PER_LISTENER plays each over the 10 days after their click (half of them of campaign tracks, some
 * from the campaign playlist's context, some outside the window; ids in time order, as polls store them), then runs the app's AttributionService
 * sweep over all of them and prints plays per second. The partition job files the generated months under their
 * partitions first, as it would within six hours in a deployment. BENCH_DATABASE_URL selects a PostgreSQL server; without
 * it the embedded PGlite is used.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startSoundlink } from '../apps/api/src/bootstrap';
import { EventPartitions } from '../apps/api/src/database/partitions/event-partitions.service';
import { MODEL_VERSION } from '../apps/api/src/modules/attribution/attribution-model';
import { AttributionService } from '../apps/api/src/modules/attribution/attribution.service';

const LISTENERS = Number(process.env['BENCH_LISTENERS'] ?? 20_000);
const PLAYS_PER_LISTENER = Number(process.env['BENCH_PLAYS_PER_LISTENER'] ?? 10);

async function main(): Promise<void> {
  const serverUrl = process.env['BENCH_DATABASE_URL'];
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `soundlink_bench_attr_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const server = await startSoundlink({
    port: 0,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      SOUNDLINK_ROLE: 'api', // no scheduled sweeps: this script runs the one it measures
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATA_DIR: ':memory:',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  try {
    const dataSource = server.app.get(DataSource);
    const q = (sql: string, params: unknown[] = []): Promise<unknown> => dataSource.query(sql, params);
    const started = Date.now();
    await q(
      `INSERT INTO owners (email, password_hash, display_name) VALUES ('bench@example.test', 'x', 'Bench')`,
    );
    await q(`INSERT INTO campaigns (owner_id, name, destination_input, destination_type, destination_id, resolution_state, status)
             SELECT id, 'Bench', 'spotify:playlist:BenchPlaylist000000001', 'playlist', 'BenchPlaylist000000001', 'resolved', 'active' FROM owners`);
    await q(
      `INSERT INTO tracker_links (campaign_id, owner_id, slug, label) SELECT id, owner_id, 'bench', 'Bench' FROM campaigns`,
    );
    await q(`INSERT INTO campaign_tracks (campaign_id, track_id, added_at)
             SELECT c.id, 'T' || lpad(g::text, 21, '0'), now() - interval '120 days' FROM campaigns c, generate_series(1, 500) g`);
    await q(
      `INSERT INTO listeners (spotify_user_id, status, consented_at)
             SELECT 'bench-' || g, 'active', now() - interval '100 days' FROM generate_series(1, $1::int) g`,
      [LISTENERS],
    );
    await q(`INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, is_bot, is_head, is_first_visit, listener_id)
             SELECT gen_random_uuid(), l.id, l.campaign_id, now() - interval '90 days' + random() * interval '80 days',
                    gen_random_uuid(), 'h', false, false, true, li.id
               FROM tracker_links l, listeners li`);
    await q(
      `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source)
             SELECT k.listener_id, k.clicked_at + (g * interval '1 minute') + random() * interval '10 days',
                    'T' || lpad((1 + floor(random() * 1000))::int::text, 21, '0'),
                    CASE WHEN random() < 0.3 THEN 'playlist' END,
                    CASE WHEN random() < 0.3 THEN 'spotify:playlist:BenchPlaylist000000001' END,
                    'poll'
               FROM clicks k, generate_series(1, $1::int) g
              ORDER BY 2
             ON CONFLICT DO NOTHING`,
      [PLAYS_PER_LISTENER],
    );
    // The generated months sit in the DEFAULT partitions of a fresh database until the partition job (at start
    // and every six hours) files them under their months: done now, as a deployment's data would be.
    const partitionsCreated = await server.app.get(EventPartitions).ensure(new Date());
    await q('ANALYZE');
    const [{ n: plays }] = (await q('SELECT count(*)::int AS n FROM plays')) as Array<{ n: number }>;
    const generatedS = (Date.now() - started) / 1000;

    const service = server.app.get(AttributionService);
    const t0 = process.hrtime.bigint();
    const result = await service.sweep(0);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stdout.write(
      [
        `Attribution throughput (model ${MODEL_VERSION}, ${databaseUrl ? 'PostgreSQL server' : 'embedded PGlite'}, Node ${process.version})`,
        `data: ${LISTENERS.toLocaleString('en-US')} listeners, ${plays.toLocaleString('en-US')} plays, 500-track target set (generated in ${generatedS.toFixed(1)} s, ${partitionsCreated.length} monthly partitions filed)`,
        `sweep: ${result.plays.toLocaleString('en-US')} plays, ${result.attributions.toLocaleString('en-US')} attributions in ${seconds.toFixed(2)} s`,
        `       ${Math.round(result.plays / seconds).toLocaleString('en-US')} plays/s, ${Math.round(result.attributions / seconds).toLocaleString('en-US')} attributions/s`,
      ].join('\n') + '\n',
    );
  } finally {
    await server.close();
    await drop?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
