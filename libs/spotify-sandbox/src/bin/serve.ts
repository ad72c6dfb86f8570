/**
 * Standalone Spotify sandbox: `node -r @swc-node/register libs/spotify-sandbox/src/bin/serve.ts`.
 * Environment: PORT (4010), HOST (127.0.0.1), SANDBOX_SEED (42), SANDBOX_DEV_MODE_CAP (5), SANDBOX_SIMULATION=1,
 * SANDBOX_SIMULATION_SPEED (1), SANDBOX_BASE_PATH (''), SANDBOX_PUBLIC_URL,
 * SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET / SANDBOX_REDIRECT_URIS (comma-separated),
 * SANDBOX_CONTROL_ALLOW (loopback | any; loopback) and SANDBOX_CONTROL_TOKEN for the control API.
 */
import { createSpotifySandbox, DEFAULT_CLIENT } from '../index';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const redirectUris = (env['SANDBOX_REDIRECT_URIS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const sandbox = createSpotifySandbox({
    basePath: env['SANDBOX_BASE_PATH'] ?? '',
    publicUrl: env['SANDBOX_PUBLIC_URL'] || undefined,
    seed: intEnv('SANDBOX_SEED', 42),
    devModeUserCap: intEnv('SANDBOX_DEV_MODE_CAP', 5),
    mode: env['SANDBOX_SPOTIFY_MODE'] === 'extended' ? 'extended' : 'development',
    clients: [
      {
        clientId: env['SANDBOX_CLIENT_ID'] || DEFAULT_CLIENT.clientId,
        clientSecret: env['SANDBOX_CLIENT_SECRET'] || DEFAULT_CLIENT.clientSecret,
        redirectUris: redirectUris.length ? redirectUris : DEFAULT_CLIENT.redirectUris,
      },
    ],
    simulation: {
      enabled: env['SANDBOX_SIMULATION'] === '1' || env['SANDBOX_SIMULATION'] === 'true',
      speed: intEnv('SANDBOX_SIMULATION_SPEED', 1),
    },
    control: {
      allow: env['SANDBOX_CONTROL_ALLOW'] === 'any' ? 'any' : 'loopback',
      token: env['SANDBOX_CONTROL_TOKEN'] || undefined,
    },
    logger: { info: (m) => console.log(m), warn: (m) => console.warn(m) },
  });
  const url = await sandbox.listen(intEnv('PORT', 4010), env['HOST'] || '127.0.0.1');
  const info = sandbox.info();
  console.log(`Spotify sandbox listening on ${url}`);
  console.log(`  accounts:  ${url}/authorize, ${url}/api/token`);
  console.log(`  web api:   ${url}/v1`);
  console.log(`  control:   ${url}/_sandbox/catalog`);
  console.log(`  demo playlist: spotify:playlist:${info.demoPlaylistId}`);
  console.log(
    `  mode: ${info.mode}; dev-mode user cap: ${info.devModeUserCap}; simulation: ${info.simulation.enabled ? `on (speed ${info.simulation.speed})` : 'off'}`,
  );
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
