/**
 * The standalone sandbox's options from the environment (bin/serve.ts and the sources sandbox's serve-all):
 * SANDBOX_SEED (42), SANDBOX_DEV_MODE_CAP (5), SANDBOX_SPOTIFY_MODE (development | extended; development),
 * SANDBOX_SIMULATION=1, SANDBOX_SIMULATION_SPEED (1), SANDBOX_BASE_PATH (''), SANDBOX_PUBLIC_URL,
 * SANDBOX_CLIENT_ID / SANDBOX_CLIENT_SECRET / SANDBOX_REDIRECT_URIS (comma-separated),
 * SANDBOX_CONTROL_ALLOW (loopback | any; loopback) and SANDBOX_CONTROL_TOKEN for the control API.
 */
import { DEFAULT_CLIENT } from './sandbox';
import type { SpotifySandboxOptions } from './types';

export function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

export function spotifySandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SpotifySandboxOptions {
  const redirectUris = (env['SANDBOX_REDIRECT_URIS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const mode = env['SANDBOX_SPOTIFY_MODE'] || 'development';
  if (mode !== 'development' && mode !== 'extended')
    throw new Error(`SANDBOX_SPOTIFY_MODE must be development or extended, got "${mode}"`);
  return {
    basePath: env['SANDBOX_BASE_PATH'] ?? '',
    publicUrl: env['SANDBOX_PUBLIC_URL'] || undefined,
    seed: intEnv(env, 'SANDBOX_SEED', 42),
    devModeUserCap: intEnv(env, 'SANDBOX_DEV_MODE_CAP', 5),
    mode,
    clients: [
      {
        clientId: env['SANDBOX_CLIENT_ID'] || DEFAULT_CLIENT.clientId,
        clientSecret: env['SANDBOX_CLIENT_SECRET'] || DEFAULT_CLIENT.clientSecret,
        redirectUris: redirectUris.length ? redirectUris : DEFAULT_CLIENT.redirectUris,
      },
    ],
    simulation: {
      enabled: env['SANDBOX_SIMULATION'] === '1' || env['SANDBOX_SIMULATION'] === 'true',
      speed: intEnv(env, 'SANDBOX_SIMULATION_SPEED', 1),
    },
    control: {
      allow: env['SANDBOX_CONTROL_ALLOW'] === 'any' ? 'any' : 'loopback',
      token: env['SANDBOX_CONTROL_TOKEN'] || undefined,
    },
    logger: { info: (m) => console.log(m), warn: (m) => console.warn(m) },
  };
}
