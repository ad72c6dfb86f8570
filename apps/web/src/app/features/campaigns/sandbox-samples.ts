import type { SandboxSample, SandboxSamples } from './campaign-model';

/** The sandbox user who owns the most sample playlists (the label): whom to connect as. */
export function mainPlaylistOwner(sandbox: SandboxSamples | null): string | null {
  const counts = new Map<string, number>();
  for (const s of sandbox?.samples ?? [])
    if (s.playlist) counts.set(s.playlist.ownerName, (counts.get(s.playlist.ownerName) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The sample playlist with Spotify id `id`, if the catalog has it. */
export function samplePlaylist(sandbox: SandboxSamples | null, id: string | null): SandboxSample | null {
  if (!sandbox || id === null) return null;
  return sandbox.samples.find((s) => s.kind === 'playlist' && s.id === id) ?? null;
}
