import { Strategy as SpotifyStrategy } from 'passport-spotify';
import {
  ALL_SCOPES,
  api,
  authorizeUser,
  CLIENT_ID,
  CLIENT_SECRET,
  control,
  decide,
  Harness,
  http,
  openConsent,
  pkcePair,
  REDIRECT_URI,
  startSandbox,
  token,
} from './testing/harness';

const authParams = (extra: Record<string, string> = {}) => ({
  client_id: CLIENT_ID,
  response_type: 'code',
  redirect_uri: REDIRECT_URI,
  scope: 'user-read-recently-played user-top-read',
  state: 'xyz-state',
  ...extra,
});

async function codeFor(h: Harness, params: Record<string, string>, userId?: string): Promise<URL> {
  const consent = await openConsent(h.base, params);
  expect(consent.status).toBe(200);
  const res = await decide(h.base, consent.hidden, 'agree', userId ?? consent.checkedUserId!);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('accounts service', () => {
  let h: Harness;
  let users: Array<{ id: string; displayName: string }>;

  beforeAll(async () => {
    h = await startSandbox({
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUris: [
            REDIRECT_URI,
            'http://127.0.0.1/loopback-any-port',
            'http://[::1]:8888/cb',
            'http://localhost:3000/cb',
            'http://example.com/cb',
            'https://app.example.com/cb',
          ],
        },
        {
          clientId: 'other-client',
          clientSecret: 'other-secret',
          redirectUris: ['https://other.example.com/cb'],
        },
      ],
      devModeUserCap: 50,
    });
    users = h.sandbox.catalog().users;
  });
  afterAll(() => h.close());
  beforeEach(() => h.sandbox.clock.reset());

  describe('GET /authorize', () => {
    it('shows a consent page listing the sandbox users (first selected) with Agree and Cancel', async () => {
      const consent = await openConsent(h.base, authParams());
      expect(consent.status).toBe(200);
      expect(consent.userIds).toEqual(users.map((u) => u.id));
      expect(consent.checkedUserId).toBe(users[0].id);
      expect(consent.html).toMatch(/>Agree<\/button>/);
      expect(consent.html).toMatch(/>Cancel<\/button>/);
      expect(consent.html).toContain('Nightjar Records');
      expect(consent.hidden).toMatchObject({
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        state: 'xyz-state',
      });
    });

    it('Agree redirects with a code and the state; Cancel with access_denied', async () => {
      const agreed = await codeFor(h, authParams(), users[2].id);
      expect(`${agreed.origin}${agreed.pathname}`).toBe(REDIRECT_URI);
      expect(agreed.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(agreed.searchParams.get('state')).toBe('xyz-state');

      const consent = await openConsent(h.base, authParams());
      const cancelled = await decide(h.base, consent.hidden, 'cancel');
      expect(cancelled.status).toBe(302);
      const loc = new URL(cancelled.headers.get('location')!);
      expect(loc.searchParams.get('error')).toBe('access_denied');
      expect(loc.searchParams.get('state')).toBe('xyz-state');
      expect(loc.searchParams.get('code')).toBeNull();
    });

    it('answers an HTML 400 page, never a redirect, for an unknown client or an unregistered redirect_uri', async () => {
      for (const params of [
        authParams({ client_id: 'nope' }),
        authParams({ redirect_uri: 'http://127.0.0.1:3000/api/v1/other' }),
        authParams({ redirect_uri: 'https://evil.example.com/cb' }),
        authParams({ redirect_uri: `${REDIRECT_URI}/` }),
      ]) {
        const res = await http(`${h.base}/authorize?${new URLSearchParams(params)}`);
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(res.headers.get('content-type')).toContain('text/html');
      }
    });

    it('refuses localhost even when registered, and plain http for non-loopback hosts', async () => {
      for (const uri of ['http://localhost:3000/cb', 'http://example.com/cb']) {
        const res = await http(
          `${h.base}/authorize?${new URLSearchParams(authParams({ redirect_uri: uri }))}`,
        );
        expect(res.status).toBe(400);
        expect(res.text).toContain('Insecure redirect URI');
      }
      const https = await openConsent(h.base, authParams({ redirect_uri: 'https://app.example.com/cb' }));
      expect(https.status).toBe(200);
    });

    it('follows RFC 8252 for loopback: a URI registered without a port accepts any port; [::1] works', async () => {
      expect(
        (await openConsent(h.base, authParams({ redirect_uri: 'http://127.0.0.1:51234/loopback-any-port' })))
          .status,
      ).toBe(200);
      expect(
        (await openConsent(h.base, authParams({ redirect_uri: 'http://127.0.0.1/loopback-any-port' })))
          .status,
      ).toBe(200);
      expect((await openConsent(h.base, authParams({ redirect_uri: 'http://[::1]:8888/cb' }))).status).toBe(
        200,
      );
      // a registered port is exact
      expect((await openConsent(h.base, authParams({ redirect_uri: 'http://[::1]:9999/cb' }))).status).toBe(
        400,
      );
      expect(
        (
          await openConsent(
            h.base,
            authParams({ redirect_uri: 'http://127.0.0.1:3001/api/v1/spotify/callback' }),
          )
        ).status,
      ).toBe(400);
    });

    it('redirects with invalid_scope / unsupported_response_type / invalid_request for bad parameters', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [authParams({ scope: 'user-read-recently-played made-up-scope' }), 'invalid_scope'],
        [authParams({ response_type: 'token' }), 'unsupported_response_type'],
        [authParams({ code_challenge_method: 'plain', code_challenge: 'x'.repeat(43) }), 'invalid_request'],
        [authParams({ code_challenge_method: 'S256' }), 'invalid_request'],
      ];
      for (const [params, error] of cases) {
        const res = await http(`${h.base}/authorize?${new URLSearchParams(params)}`);
        expect(res.status).toBe(302);
        const loc = new URL(res.headers.get('location')!);
        expect(loc.searchParams.get('error')).toBe(error);
        expect(loc.searchParams.get('state')).toBe('xyz-state');
      }
    });

    it('skips the dialog for a remembered user unless show_dialog=true', async () => {
      const consent = await openConsent(h.base, authParams());
      const agreed = await decide(h.base, consent.hidden, 'agree', users[1].id);
      const cookie = agreed.headers.get('set-cookie')!.split(';')[0];
      const again = await http(`${h.base}/authorize?${new URLSearchParams(authParams())}`, {
        headers: { cookie },
      });
      expect(again.status).toBe(302);
      expect(new URL(again.headers.get('location')!).searchParams.get('code')).toBeTruthy();
      const forced = await http(
        `${h.base}/authorize?${new URLSearchParams(authParams({ show_dialog: 'true' }))}`,
        {
          headers: { cookie },
        },
      );
      expect(forced.status).toBe(200);
      expect(forced.text).toContain('Agree');
    });
  });

  describe('POST /api/token', () => {
    it('exchanges a code (credentials in the body) for tokens, once', async () => {
      const loc = await codeFor(h, authParams(), users[3].id);
      const code = loc.searchParams.get('code')!;
      const params = {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      };
      const res = await token(h.base, params);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'user-read-recently-played user-top-read',
      });
      expect(typeof res.body['refresh_token']).toBe('string');
      const me = await api<{ id: string }>(h.base, '/v1/me', res.body['access_token'] as string);
      expect(me.body.id).toBe(users[3].id);

      const reuse = await token(h.base, params);
      expect(reuse.status).toBe(400);
      expect(reuse.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
    });

    it('accepts client credentials in a Basic header', async () => {
      const code = (await codeFor(h, authParams())).searchParams.get('code')!;
      const res = await token(
        h.base,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
        { id: CLIENT_ID, secret: CLIENT_SECRET },
      );
      expect(res.status).toBe(200);
    });

    it('expires codes after authCodeTtlMs on the sandbox clock', async () => {
      const code = (await codeFor(h, authParams())).searchParams.get('code')!;
      h.sandbox.clock.advance(10 * 60_000 + 1);
      const res = await token(h.base, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
    });

    it('requires the identical redirect_uri', async () => {
      const code = (await codeFor(h, authParams())).searchParams.get('code')!;
      const res = await token(h.base, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'https://app.example.com/cb',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid redirect URI' });
    });

    it('rejects bad clients with 401 invalid_client and unknown grants with unsupported_grant_type', async () => {
      const bad = await token(
        h.base,
        { grant_type: 'client_credentials' },
        { id: CLIENT_ID, secret: 'wrong' },
      );
      expect(bad.status).toBe(401);
      expect(bad.body).toMatchObject({ error: 'invalid_client' });
      const unknown = await token(h.base, {
        grant_type: 'client_credentials',
        client_id: 'nobody',
        client_secret: 'x',
      });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toMatchObject({ error: 'invalid_client' });
      const grant = await token(h.base, {
        grant_type: 'password',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(grant.status).toBe(400);
      expect(grant.body).toMatchObject({ error: 'unsupported_grant_type' });
      const missing = await token(h.base, {
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ error: 'invalid_request' });
      const code = (await codeFor(h, authParams())).searchParams.get('code')!;
      const otherClient = await token(h.base, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: 'other-client',
        client_secret: 'other-secret',
      });
      expect(otherClient.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid authorization code',
      });
    });

    it('supports PKCE: verifier instead of client secret, wrong or missing verifier refused', async () => {
      const { verifier, challenge } = pkcePair();
      const pkce = { code_challenge_method: 'S256', code_challenge: challenge };
      const code1 = (await codeFor(h, authParams(pkce))).searchParams.get('code')!;
      const wrong = await token(h.base, {
        grant_type: 'authorization_code',
        code: code1,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        code_verifier: pkcePair().verifier,
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ error: 'invalid_grant' });

      const code2 = (await codeFor(h, authParams(pkce))).searchParams.get('code')!;
      const none = await token(h.base, {
        grant_type: 'authorization_code',
        code: code2,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
      });
      expect(none.status).toBe(400);
      expect(none.body).toMatchObject({ error: 'invalid_request' });

      const code3 = (await codeFor(h, authParams(pkce))).searchParams.get('code')!;
      const ok = await token<Record<string, string>>(h.base, {
        grant_type: 'authorization_code',
        code: code3,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        code_verifier: verifier,
      });
      expect(ok.status).toBe(200);
      // a PKCE refresh token refreshes with client_id only
      const refreshed = await token(h.base, {
        grant_type: 'refresh_token',
        refresh_token: ok.body['refresh_token'],
        client_id: CLIENT_ID,
      });
      expect(refreshed.status).toBe(200);

      // without PKCE the secret is required
      const code4 = (await codeFor(h, authParams())).searchParams.get('code')!;
      const noSecret = await token(h.base, {
        grant_type: 'authorization_code',
        code: code4,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
      });
      expect(noSecret.status).toBe(401);
    });

    it('client_credentials: app token, no user, no refresh token; enough for catalog, not for /me or playlist items', async () => {
      const res = await token<Record<string, unknown>>(
        h.base,
        { grant_type: 'client_credentials' },
        { id: CLIENT_ID, secret: CLIENT_SECRET },
      );
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
      const t = res.body['access_token'] as string;
      const cat = h.sandbox.catalog();
      expect((await api(h.base, `/v1/tracks/${cat.tracks[0].id}`, t)).status).toBe(200);
      expect((await api(h.base, `/v1/albums/${cat.albums[0].id}`, t)).status).toBe(200);
      expect((await api(h.base, `/v1/artists/${cat.artists[0].id}`, t)).status).toBe(200);
      const demo = h.sandbox.info().demoPlaylistId;
      const playlist = await api<Record<string, unknown>>(h.base, `/v1/playlists/${demo}`, t);
      expect(playlist.status).toBe(200);
      expect(playlist.body['items']).toEqual({
        href: expect.stringContaining(`/playlists/${demo}/items`),
        total: 12,
      });
      expect((await api(h.base, `/v1/playlists/${demo}/items`, t)).status).toBe(403);
      const me = await api(h.base, '/v1/me', t);
      expect(me.status).toBe(401);
      expect((await api(h.base, '/v1/me/player/recently-played', t)).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('refresh without rotation keeps the old refresh token working (rate 0)', async () => {
      const h0 = await startSandbox({ refreshRotationRate: 0 });
      try {
        const user = h0.sandbox.catalog().users[1].id;
        const t = await authorizeUser(h0.base, user);
        for (let i = 0; i < 3; i++) {
          const r = await token<Record<string, unknown>>(h0.base, {
            grant_type: 'refresh_token',
            refresh_token: t.refresh_token,
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
          });
          expect(r.status).toBe(200);
          expect(r.body['refresh_token']).toBeUndefined();
          expect(r.body['scope']).toBe(ALL_SCOPES);
          expect(r.body['access_token']).not.toBe(t.access_token);
          expect((await api(h0.base, '/v1/me', r.body['access_token'] as string)).status).toBe(200);
        }
      } finally {
        await h0.close();
      }
    });

    it('refresh with rotation returns a new refresh token (rate 1) that works in turn', async () => {
      const h1 = await startSandbox({ refreshRotationRate: 1 });
      try {
        const user = h1.sandbox.catalog().users[1].id;
        const t = await authorizeUser(h1.base, user);
        const r = await token<Record<string, string>>(
          h1.base,
          { grant_type: 'refresh_token', refresh_token: t.refresh_token },
          { id: CLIENT_ID, secret: CLIENT_SECRET },
        );
        expect(r.body['refresh_token']).toBeTruthy();
        expect(r.body['refresh_token']).not.toBe(t.refresh_token);
        const r2 = await token(
          h1.base,
          { grant_type: 'refresh_token', refresh_token: r.body['refresh_token'] },
          { id: CLIENT_ID, secret: CLIENT_SECRET },
        );
        expect(r2.status).toBe(200);
      } finally {
        await h1.close();
      }
    });

    it('a rotation retires the refresh token that was used (a second refresh with it is invalid_grant)', async () => {
      const h1 = await startSandbox({ refreshRotationRate: 1 });
      try {
        const user = h1.sandbox.catalog().users[1].id;
        const t = await authorizeUser(h1.base, user);
        const form = { grant_type: 'refresh_token', refresh_token: t.refresh_token };
        const credentials = { id: CLIENT_ID, secret: CLIENT_SECRET };
        const first = await token<Record<string, string>>(h1.base, form, credentials);
        expect(first.status).toBe(200);
        const again = await token(h1.base, form, credentials);
        expect(again.status).toBe(400);
        expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
        // The access token issued before the rotation still works until it expires.
        expect((await api(h1.base, '/v1/me', t.access_token)).status).toBe(200);
      } finally {
        await h1.close();
      }
    });

    it('the default 0.5 rotation rate sometimes rotates and sometimes not', async () => {
      const user = users[4].id;
      const t = await authorizeUser(h.base, user);
      let rotated = 0;
      let current = t.refresh_token;
      for (let i = 0; i < 20; i++) {
        const r = await token<Record<string, string>>(h.base, {
          grant_type: 'refresh_token',
          refresh_token: current,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        });
        expect(r.status).toBe(200);
        if (r.body['refresh_token']) {
          rotated++;
          current = r.body['refresh_token'];
        }
      }
      expect(rotated).toBeGreaterThan(2);
      expect(rotated).toBeLessThan(18);
    });

    it('refresh tokens expire 6 months after the authorization, rotated ones included', async () => {
      const t = await authorizeUser(h.base, users[5].id);
      h.sandbox.clock.freeze();
      h.sandbox.clock.advance(150 * 86_400_000);
      const mid = await token<Record<string, string>>(h.base, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh_token,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(mid.status).toBe(200);
      const latest = mid.body['refresh_token'] ?? t.refresh_token;
      h.sandbox.clock.advance(35 * 86_400_000); // > 6 months after the authorization
      for (const rt of [t.refresh_token, latest]) {
        const res = await token(h.base, {
          grant_type: 'refresh_token',
          refresh_token: rt,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
      }
      h.sandbox.clock.reset();
    });

    it('revoked refresh tokens answer "Refresh token revoked"; unknown ones "Invalid refresh token"', async () => {
      const t = await authorizeUser(h.base, users[6].id);
      const revoke = await control<{ revoked: number }>(h.base, 'POST', '/tokens/revoke', {
        userId: users[6].id,
      });
      expect(revoke.status).toBe(200);
      expect(revoke.body.revoked).toBeGreaterThanOrEqual(1);
      const res = await token(h.base, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh_token,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Refresh token revoked' });
      const unknown = await token(h.base, {
        grant_type: 'refresh_token',
        refresh_token: 'AQnope',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(unknown.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
    });

    it('access tokens expire after expires_in on the sandbox clock', async () => {
      const t = await authorizeUser(h.base, users[7].id);
      expect((await api(h.base, '/v1/me', t.access_token)).status).toBe(200);
      h.sandbox.clock.advance(3600 * 1000 + 1);
      const res = await api(h.base, '/v1/me', t.access_token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { status: 401, message: 'The access token expired' } });
      h.sandbox.clock.reset();
    });
  });

  it('works with passport-spotify (token exchange with body credentials and /me profile)', async () => {
    const strategy = new SpotifyStrategy(
      {
        clientID: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        callbackURL: REDIRECT_URI,
        authorizationURL: `${h.base}/authorize`,
        tokenURL: `${h.base}/api/token`,
        userProfileURL: `${h.base}/v1/me`,
      } as ConstructorParameters<typeof SpotifyStrategy>[0],
      () => undefined,
    );
    const code = (await codeFor(h, authParams(), users[1].id)).searchParams.get('code')!;
    const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: (...a: unknown[]) => void } })
      ._oauth2;
    const tokens = await new Promise<{ access: string; refresh: string; expiresIn: number }>(
      (resolve, reject) =>
        oauth2.getOAuthAccessToken(
          code,
          { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI },
          (err: unknown, access: string, refresh: string, expiresIn: number) =>
            err ? reject(err) : resolve({ access, refresh, expiresIn }),
        ),
    );
    expect(tokens.expiresIn).toBe(3600);
    expect(tokens.refresh).toBeTruthy();
    const profile = await new Promise<{ id: string; displayName: string; profileUrl: string }>(
      (resolve, reject) =>
        (
          strategy as unknown as { userProfile: (t: string, cb: (e: unknown, p: unknown) => void) => void }
        ).userProfile(tokens.access, (err, p) =>
          err ? reject(err) : resolve(p as { id: string; displayName: string; profileUrl: string }),
        ),
    );
    expect(profile.id).toBe(users[1].id);
    expect(profile.displayName).toBe(users[1].displayName);
    expect(profile.profileUrl).toBe(`https://open.spotify.com/user/${users[1].id}`);
  });
});
