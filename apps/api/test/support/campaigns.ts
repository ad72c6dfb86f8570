import request from 'supertest';
import type { SignedInOwner } from './owners';
import { answerConsent, SandboxCatalog, sandboxCatalog } from './sandbox';

/** Connects the owner's own Spotify account through the sandbox, as the sandbox user with this display name. */
export async function connectOwnerSpotify(
  serverUrl: string,
  owner: SignedInOwner,
  displayName: string,
): Promise<SandboxCatalog> {
  const catalog = await sandboxCatalog(serverUrl);
  const user = catalog.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no sandbox user ${displayName}`);
  const start = await owner.agent.get('/api/v1/owners/me/spotify/connect').expect(302);
  const callback = await answerConsent(start.headers['location'] as string, user.id);
  const back = await owner.agent.get(new URL(callback).pathname + new URL(callback).search).expect(302);
  if (back.headers['location'] !== '/settings?spotify=connected') {
    throw new Error(`owner Spotify connection failed: ${back.headers['location']}`);
  }
  return catalog;
}

export function demoPlaylist(catalog: SandboxCatalog) {
  const playlist = catalog.playlists.find((p) => p.name.startsWith('Nightjar Demo Campaign'));
  if (!playlist) throw new Error('no demo playlist in the sandbox');
  return playlist;
}

export function createCampaign(owner: SignedInOwner, body: Record<string, unknown>) {
  return owner.unsafe('post', '/api/v1/campaigns').send(body);
}

export function createLink(owner: SignedInOwner, campaignId: string, body: Record<string, unknown>) {
  return owner.unsafe('post', `/api/v1/campaigns/${campaignId}/links`).send(body);
}

export const BROWSER_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

export function click(serverUrl: string, path: string, headers: Record<string, string> = {}) {
  return request(serverUrl).get(path).set('User-Agent', BROWSER_UA).set(headers).redirects(0);
}
