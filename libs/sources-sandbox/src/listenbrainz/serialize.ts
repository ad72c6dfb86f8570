/**
 * ListenBrainz's listen JSON (https://listenbrainz.readthedocs.io/en/latest/users/json.html): listened_at and
 * inserted_at in unix seconds, track_metadata with additional_info fields that any scrobbler may leave out.
 */
import type { StoredListen } from '../shared/listens';
import { uuidFrom } from '../shared/variants';

type Json = Record<string, unknown>;

export function listenJson(userName: string, l: StoredListen): Json {
  const additional: Json = { ...(l.extras ?? {}) };
  if (l.durationMs !== null && additional['duration_ms'] === undefined)
    additional['duration_ms'] = l.durationMs;
  if (l.spotifyUrl) additional['spotify_id'] = l.spotifyUrl;
  if (l.isrc) additional['isrc'] = l.isrc;
  const metadata: Json = {
    additional_info: additional,
    artist_name: l.artistName,
    track_name: l.trackName,
  };
  if (l.albumName) metadata['release_name'] = l.albumName;
  return {
    inserted_at: Math.floor(l.visibleAt / 1000),
    listened_at: Math.floor(l.startedAt / 1000),
    recording_msid: uuidFrom(
      `msid:${l.artistName.toLowerCase()}:${l.trackName.toLowerCase()}:${l.albumName.toLowerCase()}`,
    ),
    track_metadata: metadata,
    user_name: userName,
  };
}

export function listensPayload(userName: string, listens: StoredListen[], all: StoredListen[]): Json {
  return {
    payload: {
      count: listens.length,
      latest_listen_ts: all.length ? Math.floor(all[all.length - 1].startedAt / 1000) : 0,
      listens: listens.map((l) => listenJson(userName, l)),
      oldest_listen_ts: all.length ? Math.floor(all[0].startedAt / 1000) : 0,
      user_id: userName,
    },
  };
}
