/**
 * `npm run sandbox`: the Spotify, Last.fm and ListenBrainz sandboxes, standalone, on one clock. The Last.fm
 * and ListenBrainz ones mirror the Spotify one's plays for the users linked to a Spotify user; with the
 * simulation on, every simulated listener scrobbles to both (user name from their display name).
 * Environment: PORT (4010, Spotify), LASTFM_PORT (4011), LISTENBRAINZ_PORT (4012), HOST (127.0.0.1), and the
 * Spotify sandbox's SANDBOX_* variables (libs/spotify-sandbox/src/env-options.ts).
 */
import { createSpotifySandbox, intEnv, spotifySandboxOptionsFromEnv } from '@soundlink/spotify-sandbox';
import { createLastfmSandbox } from '../lastfm/sandbox';
import { createListenBrainzSandbox } from '../listenbrainz/sandbox';
import { DEFAULT_LASTFM_APP } from '../lastfm/state';
import { sourceUserName } from '../shared/user-names';

async function main(): Promise<void> {
  const env = process.env;
  const host = env['HOST'] || '127.0.0.1';
  const options = spotifySandboxOptionsFromEnv(env);
  const spotify = createSpotifySandbox(options);
  const common = {
    spotify,
    clock: spotify.clock,
    seed: options.seed,
    control: options.control,
    logger: options.logger,
  };
  const lastfm = createLastfmSandbox(common);
  const listenbrainz = createListenBrainzSandbox(common);
  const [spotifyUrl, lastfmUrl, listenbrainzUrl] = await Promise.all([
    spotify.listen(intEnv(env, 'PORT', 4010), host),
    lastfm.listen(intEnv(env, 'LASTFM_PORT', 4011), host),
    listenbrainz.listen(intEnv(env, 'LISTENBRAINZ_PORT', 4012), host),
  ]);
  const info = spotify.info();
  if (info.simulation.enabled) {
    const names = new Map(spotify.catalog().users.map((u) => [u.id, u.displayName]));
    for (const id of info.listenerIds) {
      const userName = sourceUserName(names.get(id) ?? id);
      lastfm.createUser({ userName, spotifyUserId: id });
      const { token } = listenbrainz.createUser({ userName, spotifyUserId: id });
      console.log(`  ${userName} scrobbles ${names.get(id)}'s plays (ListenBrainz token ${token})`);
    }
  }
  console.log(
    `Spotify sandbox listening on ${spotifyUrl} (mode ${info.mode}; control: ${spotifyUrl}/_sandbox/catalog)`,
  );
  console.log(`Last.fm sandbox listening on ${lastfmUrl}`);
  console.log(`  api: ${lastfmUrl}/2.0/  authorization: ${lastfmUrl}/api/auth/?api_key=…&cb=…`);
  console.log(`  api key ${DEFAULT_LASTFM_APP.apiKey}, shared secret ${DEFAULT_LASTFM_APP.sharedSecret}`);
  console.log(`ListenBrainz sandbox listening on ${listenbrainzUrl} (api: ${listenbrainzUrl}/1/…)`);
  const stop = () => {
    void Promise.all([lastfm.close(), listenbrainz.close(), spotify.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
