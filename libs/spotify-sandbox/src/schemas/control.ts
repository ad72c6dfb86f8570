/** Shapes of the control API (/_sandbox/…) responses, as documented in README.md. */
import { PlayHistoryObject, spotifyId } from './spotify';
import { Schema, strictObject } from './validator';

const str: Schema = { type: 'string' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const ids: Schema = { type: 'array', items: spotifyId };
const userId: Schema = { type: 'string', pattern: /^[0-9a-z]+$/ };

export const SandboxUser = strictObject({ id: userId, displayName: str });

export const Catalog = strictObject({
  users: { type: 'array', items: SandboxUser, minItems: 9 },
  playlists: {
    type: 'array',
    items: strictObject({ id: spotifyId, name: str, ownerId: userId, trackIds: ids }),
    minItems: 5,
  },
  albums: {
    type: 'array',
    items: strictObject({ id: spotifyId, name: str, artistIds: ids, trackIds: ids }),
    minItems: 50,
  },
  artists: { type: 'array', items: strictObject({ id: spotifyId, name: str }), minItems: 24 },
  tracks: {
    type: 'array',
    items: strictObject({
      id: spotifyId,
      name: str,
      albumId: spotifyId,
      artistIds: ids,
      durationMs: { type: 'integer', minimum: 120_000, maximum: 360_000 },
    }),
    minItems: 300,
  },
});

export const Play = PlayHistoryObject;

export const ListenResponse = strictObject({
  userId,
  contextUri: str,
  plays: { type: 'array', items: strictObject({ trackId: spotifyId, playedAt: dateTime }), minItems: 1 },
});

export const SnapshotResponse = strictObject({
  snapshotId: { type: 'string', pattern: /^[A-Za-z0-9+/=]{16,}$/ },
});

export const CollaboratorsResponse = strictObject({
  playlistId: spotifyId,
  collaboratorIds: { type: 'array', items: userId },
});

export const FaultCreated = strictObject({ id: str });

export const ClockResponse = strictObject({ now: dateTime, frozen: { type: 'boolean' } });

export const CallRecord = strictObject({
  method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] },
  path: { type: 'string', pattern: /^\// },
  query: { type: 'object', properties: {}, additionalProperties: true },
  userId: { type: 'string', nullable: true },
  clientId: { type: 'string', nullable: true },
  status: { type: 'integer', minimum: 0, maximum: 599 },
  at: dateTime,
});

export const CallList: Schema = { type: 'array', items: CallRecord };

export const RevokeResponse = strictObject({ revoked: { type: 'integer', minimum: 0 } });

export const ConfigResponse = strictObject({
  devModeUserCap: { type: 'integer', minimum: 0 },
  mode: { type: 'string', enum: ['development', 'extended'] },
});

export const ResetResponse = strictObject({ reset: { type: 'boolean' }, now: dateTime });

export const ControlError = strictObject({
  error: strictObject({ status: { type: 'integer', minimum: 400, maximum: 599 }, message: str }),
});
