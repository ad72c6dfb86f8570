import 'reflect-metadata';
import { startSoundlink } from './bootstrap';
import { ConfigError } from './config/app-config';

async function main(): Promise<void> {
  const server = await startSoundlink();
  const { config } = server;
  const mode =
    config.spotifyMode === 'sandbox'
      ? 'Spotify: built-in sandbox (demo mode; set SPOTIFY_CLIENT_ID to use your own Spotify app)'
      : 'Spotify: your Spotify app';
  // One plain line for humans next to the structured logs.
  process.stdout.write(
    `\nSoundlink is running at ${config.publicUrl} (listening on ${server.url}). ${mode}.\n\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received: draining requests and closing the database.\n`);
    server
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Soundlink could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
