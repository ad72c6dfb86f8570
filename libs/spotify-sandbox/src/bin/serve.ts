/**
 * Standalone Spotify sandbox: `node -r @swc-node/register libs/spotify-sandbox/src/bin/serve.ts`.
 * Environment: PORT (4010), HOST (127.0.0.1) and the SANDBOX_* variables of env-options.ts.
 * `npm run sandbox` starts this one together with the Last.fm and ListenBrainz sandboxes
 * (libs/sources-sandbox/src/bin/serve.ts).
 */
import { createSpotifySandbox, intEnv, spotifySandboxOptionsFromEnv } from '../index';

async function main(): Promise<void> {
  const sandbox = createSpotifySandbox(spotifySandboxOptionsFromEnv(process.env));
  const url = await sandbox.listen(intEnv(process.env, 'PORT', 4010), process.env['HOST'] || '127.0.0.1');
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
