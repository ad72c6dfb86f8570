// Generated from libs/api-client/openapi.json by `npm run generate`. Do not edit.
/* eslint-disable */
export interface paths {
    "/api/v1/spotify/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Checks a pasted Spotify link and tells what it points at.
         * @description Accepts open.spotify.com links (track, album, artist, playlist), spotify: URIs and spotify.link short links (resolved server-side). Unusable input answers 422 with a plain-English reason and a stable code (SpotifyLink…, SpotifyShortLink…, SpotifyNotFound; in sandbox mode SandboxUnknownItem for links outside the sample catalog). For signed-in owners and API keys with campaigns:read.
         */
        get: operations["resolveSpotifyLink"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who created, changed, archived or deleted what in your account, newest first. */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an owner account and sign in (sets the session cookie).
         * @description Every account gets the owner role; admin is granted only by the operator (npm run admin -- grant EMAIL). Rate-limited per client IP (REGISTER_RATE_LIMIT an hour).
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password (sets the session cookie).
         * @description Unknown email and wrong password get the same answer. Rate-limited per account and client IP, per client IP, and per account from IPs that never signed in to it (docs/campaigns.md).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: ends the session and clears its cookies. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password (signed in).
         * @description Checks the current password (under the sign-in limits) and applies the registration rules to the new one. Every other session of the owner ends; this one stays. API keys keep working.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a one-time reset token from an administrator.
         * @description The token comes from a reset link (POST /admin/owners/{id}/password-reset or npm run admin -- reset-password EMAIL). It works once, for 24 hours; every session of the owner ends.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in owner (or the owner of the API key). */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the display name or the time zone used for reports. */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active API keys, with when each was last used. */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key. The secret is in this answer only. */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key: it stops working at once. */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/owners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every owner account (admins only). */
        get: operations["listOwners"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/owners/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable an owner: their sessions end and their API keys stop working. */
        post: operations["disableOwner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/owners/{id}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a one-time password reset link for an owner (admins only).
         * @description The link is answered once (only a hash is stored); give it to the owner. It works once, for 24 hours, and replaces any earlier unused link. Nothing changes until the owner uses it.
         */
        post: operations["issuePasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/owners/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled owner again. */
        post: operations["enableOwner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/owners/me/spotify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether your own Spotify account is connected (needed to use your playlists). */
        get: operations["getOwnerSpotify"];
        put?: never;
        post?: never;
        /** Disconnect your Spotify account: its tokens are deleted. */
        delete: operations["disconnectOwnerSpotify"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/owners/me/spotify/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start connecting your Spotify account: redirects to Spotify’s consent page.
         * @description A browser navigation. The state is signed, single-use, expires after 10 minutes and is bound to this browser: its key is set here in the HttpOnly cookie sl_oauth_owner (SameSite=Lax, Path = the callback), and the callback refuses any browser without it.
         */
        get: operations["connectOwnerSpotify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/owners/me/spotify/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Spotify sends the owner back here; redirects to Settings with the outcome.
         * @description Only in the browser that started the flow (its sl_oauth_owner cookie): any other browser gets a 400 page and nothing is connected, so nobody can link their Spotify account to someone else’s owner account or the other way round.
         */
        get: operations["completeOwnerSpotify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your campaigns, newest first; filter by status, search by name. */
        get: operations["listCampaigns"];
        put?: never;
        /**
         * Create a campaign for a Spotify playlist, album, track or artist.
         * @description The destination is resolved through Spotify (name, artwork, owner, target track set). An unusable destination answers 422 with the reason; when Spotify cannot be reached the campaign is kept as a draft whose resolution is pending and retried every minute.
         */
        post: operations["createCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your campaigns. */
        get: operations["getCampaign"];
        put?: never;
        post?: never;
        /** Delete a campaign with its links and clicks (archive it to keep them). */
        delete: operations["deleteCampaign"];
        options?: never;
        head?: never;
        /**
         * Change a campaign: details, destination (resolved again), window, dates, time zone or status.
         * @description Status moves: draft→active|archived, active→paused|ended|archived, paused→active|ended|archived, ended→archived, archived→ended.
         */
        patch: operations["updateCampaign"];
        trace?: never;
    };
    "/api/v1/campaigns/{campaignId}/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The campaign’s tracker links. */
        get: operations["listLinks"];
        put?: never;
        /** Create a tracker link (one per channel) with optional UTM tags and a custom or generated slug. */
        post: operations["createLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{campaignId}/links/{linkId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tracker link. */
        get: operations["getLink"];
        put?: never;
        post?: never;
        /** Delete a link and its clicks (disable it to keep them). */
        delete: operations["deleteLink"];
        options?: never;
        head?: never;
        /** Change a link: label, slug, UTM tags, enable/disable, expiry. */
        patch: operations["updateLink"];
        trace?: never;
    };
    "/api/v1/campaigns/{campaignId}/links/{linkId}/qr.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The link’s QR code as SVG. */
        get: operations["getLinkQrSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{campaignId}/links/{linkId}/qr.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The link’s QR code as PNG (size in pixels). */
        get: operations["getLinkQrPng"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sandbox mode only: the Spotify sandbox's sample playlists, albums, artists and tracks.
         * @description What a campaign can be made of while Soundlink runs on its built-in Spotify emulator: each sample with the link to paste; a playlist also with its owner and whether your connected Spotify account may read its tracks (Spotify shows them only to the owner and collaborators). Private playlists are left out. Answers 404 when a Spotify app is configured.
         */
        get: operations["listSandboxSamples"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/attributions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The campaign’s attributed plays, newest first, with score, tier, reasons and credit. */
        get: operations["listAttributions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plays/{playId}/explanation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Why a play was or was not attributed, in words and numbers, for each of your campaigns that may see it.
         * @description A campaign of yours may see a play attributed to it, or a play inside the window of its own click by that listener (not imported) whose track is in its target set. Any other play, or one that does not exist, answers the same 404 (docs/attribution.md).
         */
        get: operations["getPlayExplanation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/reattribute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attribute the campaign’s stored plays again, in the background; the current results stay readable until it is done. */
        post: operations["reattributeCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of a re-attribution job. */
        get: operations["getAttributionJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connect/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the connect page shows for a tracker link: campaign, owner, what Soundlink reads.
         * @description For an enabled link of a campaign that is not archived (and not expired). Nothing private: the same facts anyone clicking the link sees. 404 LinkNotFound / LinkDisabled, 410 LinkExpired / CampaignArchived.
         */
        get: operations["getConnectInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/connect/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Starts connecting Spotify: redirects to Spotify’s consent page.
         * @description A browser navigation (not an XHR). Asks for user-read-recently-played and user-top-read with a signed, single-use state that expires after 10 minutes and is bound to this browser: to a key set here in the HttpOnly cookie sl_oauth_listener (SameSite=Lax, Path = the callback) and to its visitor cookie (set here when missing). `click` links nothing by itself: only clicks of this browser’s visitor cookie are linked. For a link that is not live, redirects back to /connect/{slug}, which explains why.
         */
        get: operations["startListenerConnect"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/connect/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Spotify sends the listener back here: stores the connection and redirects to the music.
         * @description On success: the listener is created or updated (tokens encrypted), this browser’s clicks are linked, the last 50 plays are imported as the baseline, the signed sl_listener cookie is set, and the browser goes to the campaign’s open.spotify.com destination. Only the browser that started the flow (its sl_oauth_listener and visitor cookies) completes it. Otherwise back to /connect/{slug}?error=denied, dev-mode-cap, unavailable, state (replayed, expired or another browser) or failed; a state that names no campaign gets a small HTML page (400).
         */
        get: operations["completeListenerConnect"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What Soundlink has recorded about you: connection, clicks, plays, campaigns.
         * @description Authenticated by the sl_listener cookie set when you connected Spotify.
         */
        get: operations["getListenerMe"];
        put?: never;
        post?: never;
        /**
         * Erases your data: plays deleted, clicks anonymised, connection deleted. Cannot be undone.
         * @description Clicks stay in the campaigns’ aggregate counts with no way back to you (see docs/listeners.md). The listener and visitor cookies are cleared.
         */
        delete: operations["eraseListenerMe"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reads your new plays from Spotify now.
         * @description At most once every 30 seconds (429 SyncTooSoon with Retry-After).
         */
        post: operations["syncListenerMe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Downloads all your data as JSON: the listener record, clicks, plays, gaps, attributions.
         * @description Answered as an attachment (soundlink-my-data.json). Tokens are never included.
         */
        get: operations["exportListenerMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disconnects your Spotify account: tokens deleted, no more reading.
         * @description What was recorded stays (erase it with DELETE /listeners/me); the cookie stays to show this.
         */
        post: operations["disconnectListenerMe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your listening: top tracks, artists and albums, time per day, clock, sessions, streaks, campaigns.
         * @description Computed from the plays Soundlink recorded for you (read from Spotify and imported history), plus Spotify’s own top lists when you granted user-top-read. Days, the clock and streaks are in `tz`.
         */
        get: operations["getListenerInsights"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your streaming-history imports, newest first (at most 50). */
        get: operations["listListeningHistoryImports"];
        put?: never;
        /**
         * Imports your Spotify extended streaming history (JSON file or ZIP) into your plays.
         * @description Validated while it uploads; then answered 202 with the import job, whose plays are written in the background, after other listeners’ imports when IMPORTS_CONCURRENCY are being written (status queued, with queuePosition; poll GET /listeners/me/imports/{id}). Importing the same history again changes nothing. Podcasts and plays under 30 s are skipped and counted. Imported plays never count for campaigns.
         */
        post: operations["importListeningHistory"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your streaming-history imports: status, progress and counts. */
        get: operations["getListeningHistoryImport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/polling": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The poller at a glance (admins only): listeners by state, poll lag, observation gaps in the last 24 h, whether Spotify calls are paused. */
        get: operations["getPollingSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/polling/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Last.fm and ListenBrainz at a glance (admins only): accounts by state, due and failing reads, the newest read, whether calls are paused.
         * @description Read from the database and the shared pauses at each call, for every Soundlink process together. A growing `due` means more listeners than the source’s request budget (`requestsPerSecond`) polls on schedule (README, "How many listeners this deployment can follow"); /metrics has the same per source (sources_accounts, sources_poll_lag_seconds, sources_polls_total).
         */
        get: operations["getSourcesPolling"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/connect/lastfm/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Starts connecting Last.fm: redirects to Last.fm’s authorization page.
         * @description A browser navigation. `cb` is our callback with a signed, single-use state bound to this browser (the HttpOnly cookie sl_oauth_lastfm and the visitor cookie, set here when missing). For a link that is not live, redirects back to /connect/{slug}; when this deployment does not offer Last.fm (no LASTFM_API_KEY outside sandbox mode: `sources` of GET /connect/{slug} lacks lastfm), to /connect/{slug}?error=lastfm-unavailable.
         */
        get: operations["startLastfmConnect"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/connect/lastfm/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Last.fm sends the listener back here: stores the account and redirects to the music.
         * @description The token is exchanged for a session key (auth.getSession, stored encrypted); the listener is the one the Last.fm account already follows, else the one of this browser’s sl_listener cookie, else a new listener without Spotify. This browser’s clicks are linked, sl_listener is set and the browser goes to the campaign’s open.spotify.com destination. Otherwise back to /connect/{slug}?error=lastfm-denied, lastfm-failed, lastfm-unavailable or lastfm-state. The first read covers the day before; an account that needed reconnecting reads on from where it stopped; one the listener had disconnected reads like a first connect and the time between is recorded as an observation gap.
         */
        get: operations["completeLastfmConnect"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/connect/listenbrainz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Connects ListenBrainz with the listener’s user token.
         * @description The token is checked with ListenBrainz (/1/validate-token, which names the user) and stored encrypted. The listener is found or created as for Last.fm, this browser’s clicks are linked and sl_listener is set. With `slug`, the answer names the campaign’s destination for the page to go on to. The first read covers the day before; a reconnect reads on or records a gap as for Last.fm.
         */
        post: operations["connectListenBrainz"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your listening sources: Spotify (when connected), Last.fm, ListenBrainz.
         * @description Each with its account name, status, when it was connected and last read.
         */
        get: operations["listListenerSources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/listeners/me/sources/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Disconnects one source: its credential deleted, no more reading.
         * @description What was recorded stays (erase it with DELETE /listeners/me). Connecting it again later reads from the day before that connect, not what was played meanwhile; the time between is an observation gap. spotify: as POST /listeners/me/disconnect.
         */
        delete: operations["disconnectListenerSource"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The funnel: clicks → unique visitors → connects → listeners → attributed plays, with rates.
         * @description Bots and HEAD requests excluded; the current attribution generation only. Range default: the last 28 days in the campaign time zone.
         */
        get: operations["getCampaignFunnel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/timeseries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Clicks, connects, attributed plays by tier and listeners per hour, day or week (zero-filled). */
        get: operations["getCampaignTimeseries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/top-tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The most played campaign tracks among attributed plays. */
        get: operations["getCampaignTopTracks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Links and channels (utm_source) compared: clicks, visitors, connects, connect rate, plays per click. */
        get: operations["getCampaignLinkStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Share of attributed listeners who played campaign tracks again on days 1–7, 8–14 and 15–28 after their click. */
        get: operations["getCampaignRetention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/lift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lift against a control group (difference in differences): campaign-track plays per observed listener-day.
         * @description Exposed: every connected listener whose first counted click of the campaign is in the range (linkId and utmSource filter that click; tier does not apply). Control: connected listeners who never clicked the campaign, anchored on the median click time of the exposed group. Before: up to 28 days before the anchor; after: the attribution window. Observation gaps are excluded. The estimate comes with a seeded bootstrap 95 % interval; below the documented minimums the status is notEnoughData with the reason.
         */
        get: operations["getCampaignLift"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/completeness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Share of the connected listener-time in the range that polling observed (not in observation gaps). */
        get: operations["getCampaignCompleteness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Exports a dataset as CSV or JSON, streamed (attributions are read in batches as they are written).
         * @description The same range and filters as the analytics endpoints. Content-Disposition names the file. CSV follows RFC 4180 (CRLF, quoted fields); JSON is an array of the same rows.
         */
        get: operations["exportCampaignData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live events of the campaign (Server-Sent Events): click, connect, attributed-play, listener-erased.
         * @description Each event is `event: <type>` with a JSON `data` line, sent within a second of being stored. A comment line every 15 s keeps proxies from closing the connection. Session cookie or an API key with analytics:read. The stream ends within seconds when that key is revoked, the session ends or the owner is disabled, and a client that does not read is dropped. At most LIVE_STREAMS_PER_OWNER streams per owner (429 TooManyLiveStreams beyond).
         */
        get: operations["streamCampaignEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/analytics/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listener segments: the listeners reached as new, reactivated, amplified, steady or unknown, with their plays and shares.
         * @description Per listener reached in the range (first attributed play in it): plays of the campaign's artists observed in the 28 days before their first click, earlier, and in the attribution window after it. Unknown: less than 28 days of history observed before the click (coverage says how much). Definitions in docs/analytics.md.
         */
        get: operations["getCampaignSegments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/campaigns-summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Key figures of your campaigns over the last days: clicks, connects, listeners, attributed plays.
         * @description Totals and a zero-filled daily series per campaign, over whole UTC days (today so far included), read from the daily rollups. For the campaigns list; use the campaign analytics endpoints for time zones and filters.
         */
        get: operations["getCampaignsSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trends/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The most listened tracks of the window, by distinct listeners (then plays). No sign-in.
         * @description Only items played by at least TRENDS_MIN_LISTENERS distinct listeners in the window appear (anonymised aggregates; docs/trends.md). Only plays read from connected Spotify accounts count: imported streaming history never does.
         */
        get: operations["getTrendingTracks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trends/artists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The most listened artists of the window, by distinct listeners (then plays). No sign-in.
         * @description Only items played by at least TRENDS_MIN_LISTENERS distinct listeners in the window appear (anonymised aggregates; docs/trends.md). Only plays read from connected Spotify accounts count: imported streaming history never does.
         */
        get: operations["getTrendingArtists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trends/rising": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tracks or artists gaining listeners against the previous window, by growth. No sign-in.
         * @description Rising: a significant rise of the share of distinct listeners (one-sided binomial test at 1 %) of at least 1.5 times; one listener's plays count once, so a binge is never a trend. Only items played by at least TRENDS_MIN_LISTENERS distinct listeners in the window appear (anonymised aggregates; docs/trends.md). Only plays read from connected Spotify accounts count: imported streaming history never does.
         */
        get: operations["getRisingTrends"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trends/new": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * New entries: items of this window's top 100 that were not in the previous window's. No sign-in.
         * @description Only items played by at least TRENDS_MIN_LISTENERS distinct listeners in the window appear (anonymised aggregates; docs/trends.md). Only plays read from connected Spotify accounts count: imported streaming history never does.
         */
        get: operations["getNewTrendEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your webhook endpoints, newest first. */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Add a webhook endpoint; its signing secret is shown in this answer only.
         * @description Events are POSTed signed in the Standard Webhooks format (webhook-id, webhook-timestamp, webhook-signature). The payload of each event type is in the components: LinkClickedEventDto, PlayAttributedEventDto, … and their union WebhookEvent (docs/webhooks.md).
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your webhook endpoints (never its secret). */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log. */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Change a webhook endpoint: URL, events, description; disable or enable it. */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/api/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret; the previous one also signs for 24 h (two signatures). */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event to the endpoint; follow it in the delivery log. */
        post: operations["sendWebhookTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint’s delivery log, newest first: status, attempts, next attempt, last answer. */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one delivery again now (whatever its status). */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/demo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the demo runs, and the demo owner’s sign-in (sandbox mode only).
         * @description The demo owner is an ordinary owner (never an admin) whose password is public; with the demo off it is disabled and its sessions and API keys revoked.
         */
        get: operations["getDemo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and readiness: the database state and the version. */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness probe: the process is up. Never asks the database, so an outage does not get processes restarted. */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness probe: the database answers, it has every migration of this build, and the process is not draining after SIGTERM. */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        SpotifyDestinationDto: {
            /** @enum {string} */
            type: "track" | "album" | "artist" | "playlist";
            /**
             * @description Spotify id: 22 base-62 characters.
             * @example 3cEYpjA9oz9GiPac4AsH4n
             */
            id: string;
            /** @example spotify:playlist:3cEYpjA9oz9GiPac4AsH4n */
            uri: string;
            /** @example Summer Singles */
            name: string;
            /** @description Cover art (album, playlist) or artist picture. */
            imageUrl: string | null;
            /** @description The playlist's owner, or the artists of a track or album. */
            ownerName?: string;
            /** @description Tracks in the playlist or album. */
            trackCount?: number;
        };
        ErrorDetailDto: {
            /**
             * @description The field concerned, as a dotted path into the request.
             * @example name
             */
            field: string;
            /** @example must not be empty */
            reason: string;
        };
        ErrorResponseDto: {
            /** @example 400 */
            statusCode: number;
            /**
             * @example ValidationFailed
             * @enum {string}
             */
            error: "ValidationFailed" | "MalformedJson" | "PayloadTooLarge" | "UnsupportedMediaType" | "BadRequest" | "Unauthorized" | "Forbidden" | "NotFound" | "RouteNotFound" | "MethodNotAllowed" | "Conflict" | "Gone" | "UnprocessableEntity" | "TooManyRequests" | "ServiceUnavailable" | "Internal";
            /** @example The request is not valid: see details. */
            message: string;
            details?: components["schemas"]["ErrorDetailDto"][];
            /** @description The request id, also sent as the x-request-id header. */
            requestId?: string;
        };
        AuditEntryDto: {
            /** Format: uuid */
            id: string;
            /** @example campaign.created */
            action: string;
            /** @example campaign */
            entityType: string;
            entityId: string | null;
            /** @enum {string} */
            actorType: "owner" | "api_key" | "system";
            /** Format: uuid */
            actorId: string | null;
            /** Format: uuid */
            apiKeyId: string | null;
            changes: Record<string, never> | null;
            /** Format: date-time */
            createdAt: string;
        };
        RegisterDto: {
            /** @example maya@label.example */
            email: string;
            /** @example correct horse battery */
            password: string;
            /** @example Maya at Nightjar Records */
            displayName?: string;
            /**
             * @description IANA time zone for reports; default UTC.
             * @example Europe/Berlin
             */
            timezone?: string;
        };
        DataRetentionLimitsDto: {
            /** @description The shortest click retention an owner may choose (days). */
            minClickRetentionDays: number;
            /** @description The longest click retention (the server's CLICK_RETENTION_DAYS). */
            maxClickRetentionDays: number;
            /** @description After this many days a click's hashed IP and user agent are cleared. */
            clickPiiRetentionDays: number;
            /** @description Raw plays are kept this many days. */
            playRetentionDays: number;
        };
        OwnerDto: {
            /** Format: uuid */
            id: string;
            email: string;
            displayName: string;
            /** @enum {string} */
            role: "owner" | "admin";
            /** @example UTC */
            timezone: string;
            /** @description Default days your campaigns' raw clicks are kept; null: the server's maximum. */
            clickRetentionDays: number | null;
            /** @description The server’s retention limits (on GET and PATCH /auth/me). */
            dataRetention?: components["schemas"]["DataRetentionLimitsDto"];
            /** Format: date-time */
            disabledAt: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        SessionDto: {
            owner: components["schemas"]["OwnerDto"];
            /** @description Echo this in the X-CSRF-Token header of unsafe requests (also in the sl_csrf cookie). */
            csrfToken: string;
        };
        LoginDto: {
            /** @example maya@label.example */
            email: string;
            password: string;
        };
        ChangePasswordDto: {
            /** @description The password the owner signs in with now. */
            currentPassword: string;
            /** @description The same rules as at registration. */
            newPassword: string;
        };
        ResetPasswordDto: {
            /** @description The token of the reset link an administrator gave you. */
            token: string;
            newPassword: string;
        };
        UpdateProfileDto: {
            displayName?: string;
            /** @example America/New_York */
            timezone?: string;
            /** @description Default days your campaigns' raw clicks are kept (a campaign may set its own); null: the server's maximum. At most the server's CLICK_RETENTION_DAYS (400 ValidationFailed naming this field above it). */
            clickRetentionDays?: number | null;
        };
        CreateApiKeyDto: {
            /** @example Reporting warehouse */
            name: string;
            /**
             * @example [
             *       "campaigns:read",
             *       "analytics:read"
             *     ]
             */
            scopes: ("campaigns:read" | "campaigns:write" | "analytics:read" | "webhooks:read" | "webhooks:write")[];
        };
        CreatedApiKeyDto: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description The visible start of the key (slk_<prefix>_…), to recognise it.
             * @example slk_a1B2c3D4
             */
            prefix: string;
            scopes: ("campaigns:read" | "campaigns:write" | "analytics:read" | "webhooks:read" | "webhooks:write")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            /**
             * @description The whole key. Shown once: only a hash is stored.
             * @example slk_a1B2c3D4_…
             */
            secret: string;
        };
        ApiKeyDto: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description The visible start of the key (slk_<prefix>_…), to recognise it.
             * @example slk_a1B2c3D4
             */
            prefix: string;
            scopes: ("campaigns:read" | "campaigns:write" | "analytics:read" | "webhooks:read" | "webhooks:write")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
        };
        OwnerPageDto: {
            items: components["schemas"]["OwnerDto"][];
            total: number;
        };
        PasswordResetLinkDto: {
            /**
             * @description The one-time link to give the owner (shown once: only a hash is stored). It sets a new password and ends every session.
             * @example https://soundlink.example/reset-password?token=…
             */
            resetUrl: string;
            /** @description The token inside the link. */
            token: string;
            /**
             * Format: date-time
             * @description The link stops working after this (24 hours).
             */
            expiresAt: string;
        };
        OwnerSpotifyStatusDto: {
            connected: boolean;
            spotifyUserId: string | null;
            displayName: string | null;
            /** Format: date-time */
            connectedAt: string | null;
            /**
             * @description sandbox: the built-in Spotify emulator (demo mode).
             * @enum {string}
             */
            mode: "sandbox" | "spotify";
        };
        CreateCampaignDto: {
            /** @example Summer Singles launch */
            name: string;
            description?: string;
            /**
             * @description Any Spotify link an owner would paste: an open.spotify.com URL, a spotify: URI or a spotify.link short link, to a playlist, album, track or artist.
             * @example https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=abc
             */
            destination: string;
            /** @default 168 */
            attributionWindowHours?: number;
            /** @description Days this campaign's raw clicks are kept; null or absent: the owner's default (GET /auth/me). At most the server's CLICK_RETENTION_DAYS (400 ValidationFailed naming this field above it); never under the longest attribution window plus a margin. The figures keep counting removed clicks. */
            clickRetentionDays?: number | null;
            /** Format: date-time */
            startsAt?: string;
            /** Format: date-time */
            endsAt?: string;
            /**
             * @description Time zone for reports; default: the owner’s.
             * @example Europe/Berlin
             */
            timezone?: string;
            /**
             * @default active
             * @enum {string}
             */
            status?: "draft" | "active";
        };
        DestinationDto: {
            /** @description What the owner pasted. */
            input: string;
            /** @enum {string} */
            type: "playlist" | "album" | "track" | "artist";
            /** @example 37i9dQZF1DXcBWIGoYBM5M */
            id: string;
            /** @example spotify:playlist:37i9dQZF1DXcBWIGoYBM5M */
            uri: string;
            /** @example https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M */
            url: string;
            name: string | null;
            imageUrl: string | null;
            ownerName: string | null;
            /** @description Playlists: the snapshot the track set was read from. */
            snapshotId: string | null;
            /** @description Tracks in the target set now. */
            trackCount: number;
        };
        ResolutionDto: {
            /**
             * @description pending: Spotify was unreachable; retried every minute.
             * @enum {string}
             */
            state: "resolved" | "pending";
            error: string | null;
            /** Format: date-time */
            resolvedAt: string | null;
        };
        CampaignDto: {
            /** Format: uuid */
            id: string;
            name: string;
            description: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused" | "ended" | "archived";
            /** @description Statuses it can move to now. */
            allowedTransitions: ("draft" | "active" | "paused" | "ended" | "archived")[];
            destination: components["schemas"]["DestinationDto"];
            resolution: components["schemas"]["ResolutionDto"];
            attributionWindowHours: number;
            /** @description Days this campaign's raw clicks are kept; null: the owner's default. */
            clickRetentionDays: number | null;
            /** Format: date-time */
            startsAt: string | null;
            /** Format: date-time */
            endsAt: string | null;
            /** @example UTC */
            timezone: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CampaignPageDto: {
            items: components["schemas"]["CampaignDto"][];
            total: number;
            limit: number;
            offset: number;
        };
        UpdateCampaignDto: {
            name?: string;
            description?: string;
            /** @description A new destination: resolved again, and the target track set replaced. */
            destination?: string;
            attributionWindowHours?: number;
            /** @description Days this campaign's raw clicks are kept; null or absent: the owner's default (GET /auth/me). At most the server's CLICK_RETENTION_DAYS (400 ValidationFailed naming this field above it); never under the longest attribution window plus a margin. The figures keep counting removed clicks. */
            clickRetentionDays?: number | null;
            /** Format: date-time */
            startsAt?: string | null;
            /** Format: date-time */
            endsAt?: string | null;
            timezone?: string;
            /** @enum {string} */
            status?: "draft" | "active" | "paused" | "ended" | "archived";
        };
        CreateLinkDto: {
            /** @example instagram */
            utmSource?: string | null;
            /** @example social */
            utmMedium?: string | null;
            /** @example summer-singles */
            utmCampaign?: string | null;
            utmContent?: string | null;
            utmTerm?: string | null;
            /**
             * @description The channel this link is shared on.
             * @example Instagram bio
             */
            label: string;
            /**
             * @description 3–64 lower-case letters, digits and single hyphens, not a reserved word. Omit for a generated one.
             * @example summer-ig
             */
            slug?: string;
            /** @default true */
            enabled?: boolean;
            /**
             * Format: date-time
             * @description After this the link answers 410 Gone.
             */
            expiresAt?: string;
        };
        UtmDto: {
            source: string | null;
            medium: string | null;
            campaign: string | null;
            content: string | null;
            term: string | null;
        };
        LinkDto: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            campaignId: string;
            /** @example summer-ig */
            slug: string;
            /**
             * @description The tracker link to share.
             * @example http://127.0.0.1:3000/l/summer-ig
             */
            url: string;
            label: string;
            utm: components["schemas"]["UtmDto"];
            enabled: boolean;
            /** Format: date-time */
            expiresAt: string | null;
            /** @description The QR code of url, as SVG. */
            qrSvgUrl: string;
            /** @description The QR code of url, as PNG. */
            qrPngUrl: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        UpdateLinkDto: {
            /** @example instagram */
            utmSource?: string | null;
            /** @example social */
            utmMedium?: string | null;
            /** @example summer-singles */
            utmCampaign?: string | null;
            utmContent?: string | null;
            utmTerm?: string | null;
            label?: string;
            slug?: string;
            enabled?: boolean;
            /** Format: date-time */
            expiresAt?: string | null;
        };
        SandboxPlaylistAccessDto: {
            /**
             * @description The sandbox user who owns the playlist.
             * @example Nightjar Records
             */
            ownerName: string;
            /** @description The owner's sandbox user id (the consent page's choice). */
            ownerUserId: string;
            /** @description Whether your connected Spotify account (Settings) owns or collaborates on the playlist, so a campaign can read its tracks right away. Spotify shows playlist items only to the owner and collaborators. */
            usableByYou: boolean;
        };
        SandboxSampleDto: {
            /** @enum {string} */
            kind: "playlist" | "album" | "track" | "artist";
            /** @example 4uLU6hMCjMI75M1A2tKUQC */
            id: string;
            /** @example Nightjar Demo Campaign: Summer Singles */
            name: string;
            /** @description The artists of an album or track, the owner of a playlist; empty for an artist. */
            byline: string;
            /**
             * @description The link to paste as a campaign destination.
             * @example https://open.spotify.com/album/…
             */
            link: string;
            /** @description Playlists only: who may read its items. */
            playlist?: components["schemas"]["SandboxPlaylistAccessDto"];
        };
        SandboxOwnerSpotifyDto: {
            /** @description Whether you connected a (sandbox) Spotify account in Settings. */
            connected: boolean;
            /** @description The sandbox user you connected as. */
            displayName: string | null;
        };
        SandboxSamplesDto: {
            /** @description Playlists, albums, artists, then tracks, each by name. */
            samples: components["schemas"]["SandboxSampleDto"][];
            ownerSpotify: components["schemas"]["SandboxOwnerSpotifyDto"];
            /**
             * @description Starts connecting your Spotify account on the sandbox's consent page (a browser navigation).
             * @example /api/v1/owners/me/spotify/connect
             */
            connectUrl: string;
            /**
             * @description The sandbox's play page: makes a sample listener play tracks, for trying a campaign alone.
             * @example http://127.0.0.1:3000/sandbox/spotify/_sandbox/play
             */
            playUrl: string;
        };
        AttributionDto: {
            playId: string;
            trackId: string;
            trackName: string | null;
            /** Format: date-time */
            playedAt: string;
            /** Format: uuid */
            listenerId: string;
            /** Format: uuid */
            clickId: string;
            /** Format: uuid */
            linkId: string;
            /** Format: date-time */
            clickedAt: string;
            /** @description Confidence 0..1. */
            score: number;
            /** @enum {string} */
            tier: "high" | "medium" | "low";
            /**
             * @example [
             *       "CONTEXT_DESTINATION",
             *       "TIME_DECAY",
             *       "NEW_REACH",
             *       "PLAYLIST_VERIFIED"
             *     ]
             */
            reasons: string[];
            /** @description This campaign’s share of the play; the shares of one play sum to 1. */
            credit: number;
            /** @example v1 */
            modelVersion: string;
        };
        AttributionPageDto: {
            items: components["schemas"]["AttributionDto"][];
            /** @description Pass as cursor for the next page; null at the end. */
            nextCursor: string | null;
        };
        FactorsDto: {
            context: number;
            decay: number;
            baseline: number;
            /** @description The match confidence of a play from Last.fm or ListenBrainz (1 for Spotify). */
            match: number;
        };
        CampaignExplanationDto: {
            /** Format: uuid */
            campaignId: string;
            campaignName: string;
            attributed: boolean;
            /** @description Why, in words. */
            summary: string;
            score: number | null;
            /** @enum {string|null} */
            tier: "high" | "medium" | "low" | null;
            credit: number | null;
            reasons: string[];
            factors: components["schemas"]["FactorsDto"] | null;
            clickId: string | null;
            linkId: string | null;
            linkLabel: string | null;
            clickedAt: string | null;
            hoursAfterClick: number | null;
            windowHours: number;
            /** @description The credited click was removed by data retention (its time and link stay on the attribution, and the figures keep it). */
            clickRemoved: boolean;
        };
        PlayExplanationDto: {
            playId: string;
            trackId: string;
            trackName: string | null;
            /** Format: date-time */
            playedAt: string;
            contextUri: string | null;
            /** @enum {string} */
            source: "poll" | "baseline" | "import";
            /**
             * @description The listening source whose report of the play was stored.
             * @enum {string}
             */
            origin: "spotify" | "lastfm" | "listenbrainz";
            /**
             * @description How a play from Last.fm or ListenBrainz was matched to the track (null for Spotify plays).
             * @enum {string|null}
             */
            matchMethod: "spotify_id" | "isrc" | "name" | null;
            /** @description How sure that match is (1 for Spotify plays). */
            matchConfidence: number;
            /** @description Other sources that reported the same play: their reports were not stored again. */
            alsoReportedBy: string[];
            /** @description Where the play came from, in words. */
            sourceSummary: string;
            modelVersion: string;
            campaigns: components["schemas"]["CampaignExplanationDto"][];
        };
        AttributionJobDto: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            campaignId: string;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @example window-changed */
            reason: string;
            generation: number;
            /** @description Listeners to re-attribute. */
            total: number;
            processed: number;
            /** @description 0..1 */
            progress: number;
            error: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt: string | null;
        };
        ConnectCampaignDto: {
            /** @example Summer Singles */
            name: string;
            /**
             * @example playlist
             * @enum {string}
             */
            destinationType: "playlist" | "album" | "track" | "artist";
            /** @example Nightjar Demo Campaign: Summer Singles */
            destinationName: string | null;
            /** @description Cover art of the destination (https). */
            imageUrl: string | null;
        };
        ConnectOwnerDto: {
            /**
             * @description Who runs the campaign and will see the results.
             * @example Nightjar Records
             */
            displayName: string;
        };
        /**
         * @description The listening sources this deployment offers, in the order the page shows them: spotify always; lastfm only when the deployment has a Last.fm API key (LASTFM_API_KEY and LASTFM_SHARED_SECRET) or, in sandbox mode, the mounted Last.fm sandbox; listenbrainz always (each listener brings their own user token).
         * @enum {string}
         */
        ConnectSourceKind: "spotify" | "lastfm" | "listenbrainz";
        ConnectInfoDto: {
            /** @example summer-ig */
            slug: string;
            campaign: components["schemas"]["ConnectCampaignDto"];
            owner: components["schemas"]["ConnectOwnerDto"];
            /**
             * @description Where the music is: always an open.spotify.com URL built from the campaign.
             * @example https://open.spotify.com/playlist/a5l66H8TsmXzVdKe4CdWK2
             */
            destinationUrl: string;
            /**
             * @description What Soundlink reads, in plain words.
             * @example recently played tracks
             */
            reads: string;
            /** @description How long Soundlink keeps what it reads, and how to stop. */
            retentionNote: string;
            /**
             * @description The listening sources this deployment offers, in the order the page shows them: spotify always; lastfm only when the deployment has a Last.fm API key (LASTFM_API_KEY and LASTFM_SHARED_SECRET) or, in sandbox mode, the mounted Last.fm sandbox; listenbrainz always (each listener brings their own user token).
             * @example [
             *       "spotify",
             *       "lastfm",
             *       "listenbrainz"
             *     ]
             */
            sources: components["schemas"]["ConnectSourceKind"][];
        };
        ListenerCountsDto: {
            /** @description Clicks on tracker links linked to you. */
            clicks: number;
            /** @description Plays Soundlink has recorded. */
            plays: number;
            /** @description Campaigns you connected through or clicked. */
            campaigns: number;
        };
        ListenerCampaignDto: {
            /** @example Summer Singles */
            name: string;
            /** @example Nightjar Demo Campaign: Summer Singles */
            destinationName: string | null;
            /**
             * @description Your clicks on this campaign’s links.
             * @example 2
             */
            clicks: number;
            /** Format: date-time */
            firstClickAt: string;
            /** Format: date-time */
            lastClickAt: string;
        };
        ListenerPlayDto: {
            /** Format: date-time */
            playedAt: string;
            /** @example Night Drive */
            trackName: string;
            /**
             * @example [
             *       "Ada Moreno"
             *     ]
             */
            artistNames: string[];
            /**
             * @description baseline: read when you connected.
             * @enum {string}
             */
            source: "poll" | "baseline" | "import";
        };
        ListenerMeDto: {
            /** @example Ada Moreno */
            displayName: string | null;
            /**
             * @description active: read about once a minute to hourly; needs_reconnect: Spotify no longer accepts the authorization; dev_mode_blocked: Spotify’s development-mode user cap refused the account; disconnected: tokens deleted.
             * @enum {string}
             */
            status: "active" | "needs_reconnect" | "dev_mode_blocked" | "disconnected";
            /**
             * Format: date-time
             * @description When you last agreed on Spotify’s consent page.
             */
            connectedAt: string;
            /**
             * Format: date-time
             * @description When you first connected.
             */
            firstConnectedAt: string;
            /** Format: date-time */
            disconnectedAt: string | null;
            /**
             * Format: date-time
             * @description Last read of your plays.
             */
            lastSyncedAt: string | null;
            counts: components["schemas"]["ListenerCountsDto"];
            campaigns: components["schemas"]["ListenerCampaignDto"][];
            /** @description The 20 newest recorded plays. */
            recentPlays: components["schemas"]["ListenerPlayDto"][];
        };
        ListenerSyncResultDto: {
            /**
             * @description Plays recorded by this sync that were not known before.
             * @example 3
             */
            newPlays: number;
            /**
             * @description Of those new plays, how many were attributed to some campaign; attribution runs in the same transaction that stores them, so the campaigns’ figures include them when this answer arrives.
             * @example 2
             */
            attributedPlays: number;
            /** Format: date-time */
            syncedAt: string;
        };
        ListenerExportDto: {
            /** Format: date-time */
            exportedAt: string;
            /** @description The listener record (tokens are never exported). */
            listener: {
                [key: string]: unknown;
            };
            clicks: {
                [key: string]: unknown;
            }[];
            plays: {
                [key: string]: unknown;
            }[];
            observationGaps: {
                [key: string]: unknown;
            }[];
            /** @description Plays attributed to campaigns (empty until attribution exists). */
            attributions: {
                [key: string]: unknown;
            }[];
            /** @description Rows of other tables that name you (e.g. analytics inputs), by table. */
            other: {
                [key: string]: {
                    [key: string]: unknown;
                }[];
            };
        };
        InsightTotalsDto: {
            /** @example 412 */
            plays: number;
            /**
             * @description ms_played when known (imports), else the track length.
             * @example 81900000
             */
            listeningMs: number;
            /** @example 190 */
            distinctTracks: number;
            /**
             * @description Days (in tz) with at least one play.
             * @example 21
             */
            activeDays: number;
        };
        ListenerTopTrackDto: {
            /** @example 4uLU6hMCjMI75M1A2tKUQC */
            trackId: string;
            /**
             * @description Empty when Soundlink never saw the name.
             * @example Night Drive
             */
            name: string;
            /**
             * @example [
             *       "Ada Moreno"
             *     ]
             */
            artistNames: string[];
            albumName: string | null;
            imageUrl: string | null;
            /** @example 12 */
            plays: number;
            /** @example 2520000 */
            listeningMs: number;
        };
        TopArtistDto: {
            /** @example Ada Moreno */
            name: string;
            /** @description Spotify id when known (imported history names artists without ids). */
            artistId: string | null;
            /**
             * @description Plays of tracks crediting this artist.
             * @example 30
             */
            plays: number;
            listeningMs: number;
        };
        TopAlbumDto: {
            /** @example Summer Singles */
            name: string;
            /**
             * @description Its (first) artist.
             * @example Ada Moreno
             */
            artistName: string | null;
            /** @description Spotify id when known. */
            albumId: string | null;
            imageUrl: string | null;
            plays: number;
            listeningMs: number;
        };
        SpotifyTopTrackDto: {
            trackId: string;
            name: string;
            artistNames: string[];
            albumName: string | null;
            imageUrl: string | null;
        };
        SpotifyTopArtistDto: {
            artistId: string;
            name: string;
            imageUrl: string | null;
            genres: string[];
        };
        SpotifyTopDto: {
            /**
             * @description ok: from Spotify’s /me/top; not_granted: no user-top-read scope or no tokens (disconnected); unavailable: Spotify did not answer in time or refused.
             * @enum {string}
             */
            status: "ok" | "not_granted" | "unavailable";
            /**
             * @description Spotify’s own ranges.
             * @enum {string}
             */
            timeRange: "short_term" | "medium_term" | "long_term";
            tracks: components["schemas"]["SpotifyTopTrackDto"][];
            artists: components["schemas"]["SpotifyTopArtistDto"][];
        };
        ListeningDayDto: {
            /**
             * @description A calendar day in tz.
             * @example 2026-11-20
             */
            date: string;
            plays: number;
            listeningMs: number;
        };
        ClockCellDto: {
            /** @description ISO weekday in tz: 1 = Monday … 7 = Sunday. */
            weekday: number;
            /** @description Hour of the day in tz. */
            hour: number;
            plays: number;
            listeningMs: number;
        };
        ListeningSessionDto: {
            /** Format: date-time */
            startedAt: string;
            /**
             * Format: date-time
             * @description When its last play ended.
             */
            endedAt: string;
            durationMs: number;
            plays: number;
            listeningMs: number;
        };
        SessionsDto: {
            /**
             * @description A gap of more than this many minutes starts a new session.
             * @example 10
             */
            gapMinutes: number;
            count: number;
            /** @description Mean session length (first start to last end), 0 without sessions. */
            averageDurationMs: number;
            longest: components["schemas"]["ListeningSessionDto"] | null;
        };
        StreakDto: {
            /**
             * @description Consecutive days (in tz) with plays.
             * @example 5
             */
            days: number;
            /** @example 2026-11-16 */
            from: string | null;
            /** @example 2026-11-20 */
            to: string | null;
        };
        StreaksDto: {
            /** @description The run that ends today or yesterday (today is not over yet); 0 days otherwise. */
            current: components["schemas"]["StreakDto"];
            longest: components["schemas"]["StreakDto"];
        };
        NewTracksDto: {
            /** @description Tracks first played (as far as Soundlink knows) within the range. */
            tracks: number;
            /** @description Plays within the range of those tracks. */
            plays: number;
            /**
             * @description plays / all plays in the range (0 without plays); 1 for all.
             * @example 0.25
             */
            share: number;
        };
        InsightCampaignDto: {
            /** @example Summer Singles */
            name: string;
            /** @example playlist */
            destinationType: string;
            destinationName: string | null;
            /** @description Your clicks on its links. */
            clicks: number;
            /** Format: date-time */
            firstClickAt: string;
            /** @description Your plays credited to it (current attribution). */
            attributedPlays: number;
        };
        ListenerInsightsDto: {
            /** @enum {string} */
            range: "4w" | "6m" | "all";
            /** @example Europe/Berlin */
            timeZone: string;
            /**
             * Format: date-time
             * @description Start of the range; null: all.
             */
            from: string | null;
            /**
             * Format: date-time
             * @description End of the range: now, or the listener's latest play when Spotify reported one that ended after now (its clock ahead of ours).
             */
            to: string;
            totals: components["schemas"]["InsightTotalsDto"];
            topTracks: components["schemas"]["ListenerTopTrackDto"][];
            topArtists: components["schemas"]["TopArtistDto"][];
            topAlbums: components["schemas"]["TopAlbumDto"][];
            /** @description Spotify’s own view, when you granted user-top-read. */
            spotifyTop: components["schemas"]["SpotifyTopDto"];
            /** @description Every day of the range (from your first play for all), oldest first, zeros included. */
            listeningPerDay: components["schemas"]["ListeningDayDto"][];
            /** @description All 168 cells, Monday 00h first. */
            clock: components["schemas"]["ClockCellDto"][];
            sessions: components["schemas"]["SessionsDto"];
            /** @description Over everything recorded, whatever the range. */
            streaks: components["schemas"]["StreaksDto"];
            newTracks: components["schemas"]["NewTracksDto"];
            /** @description The campaigns whose links you clicked. */
            campaigns: components["schemas"]["InsightCampaignDto"][];
        };
        HistoryImportCountsDto: {
            /** @description Entries in the files read. */
            entries: number;
            /** @description Plays to write: track entries of 30 s or more (an instant repeated in the upload counts each time, then as a duplicate). */
            playsTotal: number;
            /** @description Of playsTotal, written or found already stored so far. */
            playsProcessed: number;
            /** @description New plays stored. */
            imported: number;
            /** @description Plays already stored (an earlier import, or the same play read from Spotify) or repeated in the upload. */
            duplicates: number;
            /** @description Podcast episodes (skipped). */
            podcastsSkipped: number;
            /** @description Track entries played for less than 30 seconds (dropped). */
            shortPlaysSkipped: number;
            /** @description Entries that are neither a track nor an episode (audiobooks, local files). */
            otherSkipped: number;
        };
        HistoryImportDto: {
            /** Format: uuid */
            id: string;
            /**
             * @description queued: validated, waiting for other imports to finish (at most IMPORTS_CONCURRENCY are written at a time, see queuePosition); running: plays being written; completed; failed (see error).
             * @enum {string}
             */
            status: "queued" | "running" | "completed" | "failed";
            /**
             * @description While queued: 1 = next to start. null otherwise.
             * @example 2
             */
            queuePosition: number | null;
            /**
             * @description Bytes of the upload read into the database so far: 0 while queued, uploadBytes once completed; null when not known (failed, or running in another server process).
             * @example 4194304
             */
            bytesProcessed: number | null;
            /**
             * @description playsProcessed / playsTotal (1 when there is nothing to write).
             * @example 0.42
             */
            progress: number;
            /**
             * @example [
             *       "Streaming_History_Audio_2023_4.json"
             *     ]
             */
            fileNames: string[];
            /** @example 10485760 */
            uploadBytes: number;
            counts: components["schemas"]["HistoryImportCountsDto"];
            /** @description Why it failed. */
            error: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            finishedAt: string | null;
        };
        PollingListenerCountsDto: {
            /** @description Polled on their schedule. */
            active: number;
            /** @description Spotify refused their authorization (invalid_grant, 401 after refresh): not polled. */
            needsReconnect: number;
            /** @description Refused by the Spotify app's development-mode user cap: not polled. */
            devModeBlocked: number;
            /** @description Disconnected by the listener: not polled. */
            disconnected: number;
            total: number;
        };
        PollingSpotifyDto: {
            /** @description This process pauses every Spotify call right now (after a 429). */
            paused: boolean;
            /**
             * Format: date-time
             * @description When the pause ends.
             */
            pausedUntil: string | null;
            /** @description The pause is because the Spotify app quota is used up (QUOTA_EXCEEDED). */
            quotaExceeded: boolean;
        };
        PollingWorkerDto: {
            /** @description This process polls (SOUNDLINK_ROLE all or worker). */
            polling: boolean;
            /** @enum {string} */
            role: "all" | "api" | "worker";
            /** @description Polls this process runs at once at most (POLL_CONCURRENCY). */
            concurrency: number;
            /** @description Polls this process is running now. */
            inFlight: number;
            /** @description Spotify Web API requests the app may send per 30-s window, all processes together (POLL_BUDGET_PER_30S). */
            budgetPer30s: number;
            /** @description Requests counted in the current window by all processes (the whole budget while Spotify calls are paused). */
            budgetUsed: number;
            /** @description Interval for a listener playing music now, in seconds. */
            activeIntervalS: number;
            /** @description Longest interval, for an idle listener, in seconds. */
            maxIntervalS: number;
        };
        PollingSummaryDto: {
            /** Format: date-time */
            generatedAt: string;
            listeners: components["schemas"]["PollingListenerCountsDto"];
            /** @description Active listeners due for a poll now and not being polled. */
            due: number;
            /** @description Listeners being polled now (leased by a process). */
            leased: number;
            /** @description Active listeners whose last poll failed (they are retried with back-off). */
            failing: number;
            /** @description Poll lag: how overdue the most overdue listener is, in seconds (0 when none is due). */
            pollLagS: number;
            /**
             * Format: date-time
             * @description next_poll_at of that listener.
             */
            oldestDueAt: string | null;
            /** @description Observation gaps recorded in the last 24 h (plays may be missing). */
            gapsLast24h: number;
            /** @description Listeners with at least one observation gap in the last 24 h. */
            listenersWithGapsLast24h: number;
            spotify: components["schemas"]["PollingSpotifyDto"];
            /** @description The process that answered. */
            worker: components["schemas"]["PollingWorkerDto"];
        };
        SourcePollingDto: {
            /** @enum {string} */
            kind: "lastfm" | "listenbrainz";
            /** @description Accounts read on schedule. */
            active: number;
            /** @description Accounts whose credential the service refused: the listener must reconnect. */
            needsReconnect: number;
            disconnected: number;
            /** @description Active accounts due for a read now and not being read. */
            due: number;
            /** @description Active accounts whose last read failed. */
            failing: number;
            /** Format: date-time */
            lastPolledAt: string | null;
            /** @description Calls to this service are paused (its rate limit), for every process. */
            paused: boolean;
            /** Format: date-time */
            pausedUntil: string | null;
            /** @description The request budget this deployment keeps to, per second, all processes together. */
            requestsPerSecond: number;
        };
        SourcesPollingDto: {
            items: components["schemas"]["SourcePollingDto"][];
        };
        ConnectListenBrainzDto: {
            /**
             * @description The ListenBrainz user token (listenbrainz.org → Settings → User token).
             * @example 3b2a0c4e-8f1d-4c7e-9a6b-2d5e7f9a1c3b
             */
            token: string;
            /**
             * @description The tracker link the listener came from.
             * @example summer-ig
             */
            slug?: string;
            /**
             * Format: uuid
             * @description The click that led here (grants nothing by itself).
             */
            click?: string;
        };
        ListenerSourceDto: {
            /**
             * @example lastfm
             * @enum {string}
             */
            kind: "spotify" | "lastfm" | "listenbrainz";
            /**
             * @description The account on the service (Spotify: the display name, when Spotify gave one).
             * @example ada_moreno
             */
            accountName: string | null;
            /**
             * @description active: read regularly; needs_reconnect: the service refused the stored credential, connect again; dev_mode_blocked (Spotify only): the app’s development-mode user cap; disconnected.
             * @enum {string}
             */
            status: "active" | "needs_reconnect" | "dev_mode_blocked" | "disconnected";
            /** Format: date-time */
            connectedAt: string;
            /** Format: date-time */
            lastPolledAt: string | null;
        };
        ListenBrainzConnectedDto: {
            source: components["schemas"]["ListenerSourceDto"];
            /**
             * @description Where the campaign’s music is (with a slug), for the page to go on to; null without one.
             * @example https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy
             */
            destinationUrl: string | null;
        };
        ListenerSourcesDto: {
            items: components["schemas"]["ListenerSourceDto"][];
        };
        RangeDto: {
            /** @description Inclusive start, rounded down to the hour. */
            from: string;
            /** @description Exclusive end, rounded up to the hour. */
            to: string;
            /** @example Europe/Berlin */
            tz: string;
            /** @enum {string} */
            granularity: "hour" | "day" | "week";
            linkId?: string | null;
            utmSource?: string | null;
            /** @enum {string|null} */
            tier?: "high" | "medium" | "low" | null;
        };
        ListenerTypesDto: {
            /** @description Had not played a campaign track before their click (new reach). */
            new: number;
            /** @description Had played a campaign track before their click (in their pre-click plays). */
            existing: number;
        };
        FunnelRatesDto: {
            /** @description uniqueVisitors / clicks */
            visitorsPerClick: number | null;
            /** @description connects / uniqueVisitors */
            connectsPerVisitor: number | null;
            /** @description connectsReached / connects: share of the listeners who connected in the range that have an attributed play. */
            listenersPerConnect: number | null;
            /** @description attributedPlays / activeListeners: attributed plays in the range per listener who made them. */
            playsPerListener: number | null;
        };
        CompletenessDto: {
            /** @description Share (0..1) of the connected listener-time in the range (from first connect to disconnection or now) that polling observed: not in an observation gap, not while the listener needed to reconnect or was blocked by the dev-mode cap, not in the silence before a reconnect; null when no listener was connected. */
            share: number | null;
            /** @description Listeners connected through the campaign whose connection overlaps the range. */
            listeners: number;
            /** @description Connected listener-time in the range, in hours. */
            connectedHours: number;
            /** @description Of which not observed (observation gaps, and times nobody polled the listener), in hours. */
            gapHours: number;
            /** @description When this figure was computed (it is cached for up to 30 seconds). */
            computedAt: string;
        };
        RawDataHorizonDto: {
            /** @description Days this campaign's raw clicks are kept (its own setting, else the owner's default, capped by the server's CLICK_RETENTION_DAYS). */
            clickRetentionDays: number;
            /**
             * Format: date-time
             * @description Raw clicks made before this instant were removed by retention: the figures still count them (from the rollups), but the raw export and the explanations no longer have them.
             */
            rawClicksSince: string;
            /** @description Days raw plays are kept (the server's PLAY_RETENTION_DAYS). */
            playRetentionDays: number;
            /**
             * Format: date-time
             * @description Raw plays before this instant were removed by retention.
             */
            rawPlaysSince: string;
            /** @description The range starts before rawClicksSince: part of it is only in the rollups. */
            rangeBeforeRawClicks: boolean;
        };
        FunnelDto: {
            range: components["schemas"]["RangeDto"];
            /** @description Clicks, bots and HEAD requests excluded. */
            clicks: number;
            /** @description Bot and HEAD clicks (recorded, not counted). */
            botClicks: number;
            /** @description First visits of a visitor to the campaign. */
            uniqueVisitors: number;
            /** @description Listeners who connected Spotify through a click of the campaign in the range (counted at their first linked click; listeners already connected when they clicked are not connects). */
            connects: number;
            /** @description Listeners already connected when they first clicked the campaign in the range (a connected browser goes straight to the music): counted apart from connects. */
            alreadyConnected: number;
            /** @description Of the connects in the range, listeners with an attributed play on the campaign (at any time). */
            connectsReached: number;
            /** @description Listeners whose first attributed play on the campaign is in the range. */
            listeners: number;
            listenerTypes: components["schemas"]["ListenerTypesDto"];
            /** @description Attributed plays (count) in the range, current attribution generation. */
            attributedPlays: number;
            /** @description Distinct listeners with an attributed play in the range. */
            activeListeners: number;
            /** @description Σ credit of the attributed plays (fractional when plays are shared). */
            creditedPlays: number;
            rates: components["schemas"]["FunnelRatesDto"];
            completeness: components["schemas"]["CompletenessDto"];
            rawData: components["schemas"]["RawDataHorizonDto"];
        };
        TierCountsDto: {
            high: number;
            medium: number;
            low: number;
        };
        TimeseriesPointDto: {
            /** @description Start of the bucket (an instant; the bucket is local to the time zone). */
            start: string;
            clicks: number;
            uniqueVisitors: number;
            /** @description Listeners who connected through a click in this bucket (already connected listeners excluded). */
            connects: number;
            attributedPlays: number;
            attributedPlaysByTier: components["schemas"]["TierCountsDto"];
            creditedPlays: number;
            /** @description Listeners whose first attributed play is in this bucket. */
            listeners: number;
        };
        TimeseriesDto: {
            range: components["schemas"]["RangeDto"];
            points: components["schemas"]["TimeseriesPointDto"][];
            completeness: components["schemas"]["CompletenessDto"];
        };
        TopTrackDto: {
            trackId: string;
            name: string | null;
            artistNames: string[];
            imageUrl: string | null;
            attributedPlays: number;
            creditedPlays: number;
            /** @description Share of the attributed plays in the range. */
            share: number;
        };
        TopTracksDto: {
            range: components["schemas"]["RangeDto"];
            items: components["schemas"]["TopTrackDto"][];
            completeness: components["schemas"]["CompletenessDto"];
        };
        LinkStatsDto: {
            linkId: string;
            label: string;
            slug: string;
            utmSource: string | null;
            clicks: number;
            uniqueVisitors: number;
            connects: number;
            /** @description connects / uniqueVisitors */
            connectRate: number | null;
            attributedPlays: number;
            creditedPlays: number;
            listeners: number;
            /** @description attributedPlays / clicks */
            playsPerClick: number | null;
        };
        ChannelStatsDto: {
            /** @description utm_source of the clicks; null: none. */
            utmSource: string | null;
            clicks: number;
            uniqueVisitors: number;
            connects: number;
            connectRate: number | null;
            attributedPlays: number;
            creditedPlays: number;
            listeners: number;
            playsPerClick: number | null;
        };
        LinksDto: {
            range: components["schemas"]["RangeDto"];
            links: components["schemas"]["LinkStatsDto"][];
            /** @description The same figures by utm_source. */
            channels: components["schemas"]["ChannelStatsDto"][];
            completeness: components["schemas"]["CompletenessDto"];
        };
        RetentionWindowDto: {
            /** @example days1to7 */
            window: string;
            /** @description First day after the listener’s first attributed play (day 0 = the 24 hours from that play, never counted). */
            fromDay: number;
            /** @description Last day, inclusive. */
            toDay: number;
            /** @description Cohort listeners whose window has fully passed. */
            eligible: number;
            /** @description Of those, listeners who played a campaign track again in the window. */
            retained: number;
            share: number | null;
        };
        RetentionDto: {
            range: components["schemas"]["RangeDto"];
            /** @description Attributed listeners whose first attributed play is in the range. */
            cohort: number;
            windows: components["schemas"]["RetentionWindowDto"][];
            completeness: components["schemas"]["CompletenessDto"];
        };
        LiftIntervalDto: {
            /** @description Lower bound (2.5th percentile of the bootstrap estimates). */
            low: number;
            /** @description Upper bound (97.5th percentile of the bootstrap estimates). */
            high: number;
        };
        LiftGroupDto: {
            /** @description Listeners in the group (exposed: connected listeners whose first counted click of the campaign is in the range, whether they played or not; control: connected listeners who never clicked it). */
            listeners: number;
            /** @description Of those, listeners observed for some time in the before period. */
            beforeListeners: number;
            /** @description Of those, listeners observed for some time in the after period. */
            afterListeners: number;
            /** @description Observed listener-days in the before period (observation gaps excluded). */
            beforeObservedDays: number;
            /** @description Observed listener-days in the after period (observation gaps excluded). */
            afterObservedDays: number;
            /** @description Campaign-track plays observed in the before period. */
            beforePlays: number;
            /** @description Campaign-track plays observed in the after period. */
            afterPlays: number;
            /** @description beforePlays / beforeObservedDays; null with no observed day. */
            beforePerDay: number | null;
            /** @description afterPlays / afterObservedDays; null with no observed day. */
            afterPerDay: number | null;
            /** @description afterPerDay - beforePerDay. */
            changePerDay: number | null;
        };
        LiftMethodDto: {
            /** @description The before period: this many days before the anchor. */
            beforeDays: number;
            /** @description The after period: the campaign's attribution window, in hours. */
            afterHours: number;
            /** @description The control group's anchor: the (lower) median of the exposed listeners' click times; null without exposed listeners. */
            controlAnchor: string | null;
            /** @description Connected listeners who did not click the campaign (the control pool). */
            controlPool: number;
            /** @description At most this many of the pool form the control group: a fixed pseudo-random sample (a hash of listener and campaign id) when the pool is larger. */
            controlSample: number;
            /** @description Bootstrap resamples. */
            resamples: number;
            /** @description Seed of the bootstrap draws: the same data always gives the same interval. */
            seed: number;
            /** @description Minimum listeners observed per group and period. */
            minListeners: number;
            /** @description Minimum observed listener-days per group and period. */
            minObservedDays: number;
        };
        LiftDto: {
            range: components["schemas"]["RangeDto"];
            /**
             * @description notEnoughData: a group or period is below the documented minimums (see reason).
             * @enum {string}
             */
            status: "ok" | "notEnoughData";
            /** @description Why there is not enough data; null when ok. */
            reason: string | null;
            /** @description Difference in differences, in campaign-track plays per observed listener-day: (exposed after - before) - (control after - before). Null when not enough data. */
            estimatePerDay: number | null;
            /** @description Bootstrap 95 % interval of the estimate (listeners resampled within each group). */
            interval: components["schemas"]["LiftIntervalDto"] | null;
            /** @description The exposed group's expected after rate without the campaign: its before rate plus the control group's change. */
            counterfactualPerDay: number | null;
            /** @description estimatePerDay / counterfactualPerDay (0.25 = 25 % more); null when the counterfactual is not positive. */
            relative: number | null;
            exposed: components["schemas"]["LiftGroupDto"];
            control: components["schemas"]["LiftGroupDto"];
            method: components["schemas"]["LiftMethodDto"];
            completeness: components["schemas"]["CompletenessDto"];
        };
        CompletenessResponseDto: {
            range: components["schemas"]["RangeDto"];
            completeness: components["schemas"]["CompletenessDto"];
        };
        SegmentArtistDto: {
            /** @description Spotify artist id. */
            id: string;
            /** @description Name, when the catalog knows it. */
            name: string | null;
        };
        SegmentFigureDto: {
            /**
             * @description new: no play of the artists observed in the 28 days before the click, none before either; reactivated: none in those 28 days, some before; amplified: played them in those 28 days and more per day after; steady: played them in those 28 days, not more after; unknown: less than 28 days of history observed before the click.
             * @enum {string}
             */
            segment: "new" | "reactivated" | "amplified" | "steady" | "unknown";
            /** @description Listeners reached in the range who fall in this segment. */
            listeners: number;
            /** @description Attributed plays in the range of those listeners. */
            plays: number;
            /** @description listeners / all listeners reached (0..1, 6 decimals); 0 when none. */
            share: number;
            /** @description plays / all their attributed plays (0..1, 6 decimals); 0 when none. */
            playsShare: number;
        };
        ObservedDaysBucketDto: {
            /** @description Observed days, inclusive. */
            fromDays: number;
            /** @description Observed days, exclusive. */
            toDays: number;
            listeners: number;
        };
        SegmentCoverageDto: {
            /** @description Listeners whose whole 28 days before the click were observed. */
            fullyObserved: number;
            /** @description fullyObserved / listeners; null when none. */
            share: number | null;
            /** @description Of the fully observed, those whose history reaches further back than the 28 days (only they can be found reactivated). */
            withOlderHistory: number;
            /** @description Mean days observed in the 28 days before the click, over the unknown listeners. */
            unknownMeanObservedDays: number | null;
            /** @description Unknown listeners by days observed before the click: [0,1), [1,7), [7,14), [14,28). */
            unknownByObservedDays: components["schemas"]["ObservedDaysBucketDto"][];
        };
        SegmentsDto: {
            range: components["schemas"]["RangeDto"];
            /** @description The look-back before the click, in days (28). */
            baselineDays: number;
            /** @description The after-click window: the campaign's attribution window, in hours. */
            afterWindowHours: number;
            /** @description The campaign's artists (at most 50 listed, by name; artistCount has them all). */
            artists: components["schemas"]["SegmentArtistDto"][];
            artistCount: number;
            /** @description Listeners reached in the range (first attributed play in it). */
            listeners: number;
            /** @description Attributed plays in the range of those listeners. */
            plays: number;
            /** @description Always the five segments, in the order new, reactivated, amplified, steady, unknown. */
            segments: components["schemas"]["SegmentFigureDto"][];
            coverage: components["schemas"]["SegmentCoverageDto"];
            completeness: components["schemas"]["CompletenessDto"];
        };
        CampaignSummaryPointDto: {
            /**
             * @description Start of the UTC day.
             * @example 2026-03-02T00:00:00.000Z
             */
            day: string;
            /** @description Clicks (bots and HEAD requests excluded). */
            clicks: number;
            /** @description Listeners whose first attributed play fell on this day. */
            listeners: number;
            /** @description Attributed plays (current attribution generation). */
            attributedPlays: number;
        };
        CampaignSummaryDto: {
            /** Format: uuid */
            campaignId: string;
            clicks: number;
            connects: number;
            /** @description Listeners reached (first attributed play) in the days. */
            listeners: number;
            attributedPlays: number;
            /** @description One point per day, oldest first, zero-filled. */
            series: components["schemas"]["CampaignSummaryPointDto"][];
        };
        CampaignsSummaryDto: {
            days: number;
            /** @description Start of the first UTC day (inclusive). */
            from: string;
            /** @description End of today, UTC (exclusive). */
            to: string;
            /** @description Newest campaign first. */
            campaigns: components["schemas"]["CampaignSummaryDto"][];
        };
        TrendArtistDto: {
            /** @description Spotify artist id; null for an artist known only by name (from streaming-history imports). */
            id: string | null;
            name: string;
        };
        TrendItemDto: {
            /** @description Position in this list, from 1. */
            rank: number;
            /** @enum {string} */
            type: "track" | "artist";
            /** @description Spotify id of the track or artist; null for an artist known only by name. */
            id: string | null;
            name: string;
            /** @description A track's credited artists in order; [] for an artist. */
            artists: components["schemas"]["TrendArtistDto"][];
            albumName: string | null;
            imageUrl: string | null;
            /** @description Distinct listeners in the window (at least minListeners). */
            listeners: number;
            /** @description Plays in the window. */
            plays: number;
            /** @description Distinct listeners in the previous window; null when fewer than minListeners (small counts are never shown). */
            previousListeners: number | null;
            /** @description Rank in the previous window's top list; null when it was not in it (a new entry). */
            previousRank: number | null;
            /** @description How many times the item's share of the platform's listeners grew against the previous window (docs/trends.md); null when previousListeners is not shown. */
            growth: number | null;
            /** @description The z statistic of the rising test (docs/trends.md); null when previousListeners is not shown. */
            zScore: number | null;
        };
        TrendsDto: {
            /** @enum {string} */
            type: "track" | "artist";
            /** @enum {string} */
            window: "24h" | "7d" | "28d";
            /**
             * @description Start of the window (inclusive, 00:00 UTC).
             * @example 2026-03-01T00:00:00.000Z
             */
            from: string;
            /**
             * @description End of the window (exclusive, 00:00 UTC of today).
             * @example 2026-03-08T00:00:00.000Z
             */
            to: string;
            /** @description Start of the previous window, the one compared with (inclusive). */
            previousFrom: string;
            /** @description The privacy threshold: items with fewer distinct listeners in a window are never shown. */
            minListeners: number;
            /** @description When this chart was computed (charts are cached, TRENDS_CACHE_TTL_S). */
            computedAt: string;
            items: components["schemas"]["TrendItemDto"][];
        };
        CreateWebhookDto: {
            /**
             * @description https only, and the host must resolve to public addresses (422 WebhookTargetRefused otherwise; see docs/webhooks.md).
             * @example https://hooks.example.com/soundlink
             */
            url: string;
            /**
             * @example [
             *       "link.clicked",
             *       "play.attributed"
             *     ]
             */
            events: ("link.clicked" | "listener.connected" | "play.attributed" | "listener.erased" | "campaign.created" | "campaign.updated" | "campaign.deleted" | "link.created" | "link.updated" | "link.deleted")[];
            /** @example CRM sync */
            description?: string;
        };
        CreatedWebhookDto: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("link.clicked" | "listener.connected" | "play.attributed" | "listener.erased" | "campaign.created" | "campaign.updated" | "campaign.deleted" | "link.created" | "link.updated" | "link.deleted")[];
            description: string;
            enabled: boolean;
            /** @description Why it is disabled: by you, after a 410 answer, or after failing for 5 days. */
            disabledReason: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            /**
             * Format: date-time
             * @description The first failed attempt with no success since (5 days of it disable the endpoint).
             */
            failingSince: string | null;
            /**
             * Format: date-time
             * @description After a rotation: until when the previous secret also signs.
             */
            previousSecretExpiresAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /**
             * @description The signing secret, shown only here and on rotation.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        WebhookDto: {
            /** Format: uuid */
            id: string;
            url: string;
            events: ("link.clicked" | "listener.connected" | "play.attributed" | "listener.erased" | "campaign.created" | "campaign.updated" | "campaign.deleted" | "link.created" | "link.updated" | "link.deleted")[];
            description: string;
            enabled: boolean;
            /** @description Why it is disabled: by you, after a 410 answer, or after failing for 5 days. */
            disabledReason: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            /**
             * Format: date-time
             * @description The first failed attempt with no success since (5 days of it disable the endpoint).
             */
            failingSince: string | null;
            /**
             * Format: date-time
             * @description After a rotation: until when the previous secret also signs.
             */
            previousSecretExpiresAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        WebhookListDto: {
            items: components["schemas"]["WebhookDto"][];
        };
        UpdateWebhookDto: {
            /** @description Checked like at creation. */
            url?: string;
            events?: ("link.clicked" | "listener.connected" | "play.attributed" | "listener.erased" | "campaign.created" | "campaign.updated" | "campaign.deleted" | "link.created" | "link.updated" | "link.deleted")[];
            description?: string;
            /** @description false pauses deliveries (they wait); true resumes them and clears the reason of an automatic disabling. */
            enabled?: boolean;
        };
        WebhookSecretDto: {
            /**
             * @description The new signing secret.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
            /**
             * Format: date-time
             * @description Until when the previous secret also signs (24 h).
             */
            previousSecretExpiresAt: string;
        };
        WebhookDeliveryDto: {
            /** Format: uuid */
            id: string;
            /**
             * @description The webhook-id header sent.
             * @example msg_0190c5c4-6d2f-7b43-9a8e-2f1c1f0b7a11
             */
            messageId: string;
            /** @example link.clicked */
            eventType: string;
            /**
             * @description pending: waiting for its next attempt; failed: given up (schedule exhausted, 410, over the cap).
             * @enum {string}
             */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            /**
             * Format: date-time
             * @description Null unless pending.
             */
            nextAttemptAt: string | null;
            /** Format: date-time */
            lastAttemptAt: string | null;
            /** @description The last answer’s HTTP status. */
            responseStatus: number | null;
            /** @description The first kilobyte of the last answer’s body. */
            responseBody: string | null;
            /** @description Why the last attempt got no answer (timeout, connection error, refused address). */
            error: string | null;
            /** @description The last attempt’s duration, in milliseconds. */
            durationMs: number | null;
            /** @description The body sent: {type, timestamp, data}. */
            payload: components["schemas"]["WebhookEvent"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
        };
        WebhookDeliveryListDto: {
            items: components["schemas"]["WebhookDeliveryDto"][];
        };
        DemoInfoDto: {
            /** @description True in sandbox mode (no Spotify credentials configured), unless turned off. */
            enabled: boolean;
            /** @example demo@soundlink.demo */
            email?: string;
            /** @example soundlink-demo-2026 */
            password?: string;
            /** Format: uuid */
            campaignId?: string;
            /** @description The sandbox lets the demo connect more listeners than Spotify’s development mode allows (5). */
            devModeCapRaised?: boolean;
        };
        DatabaseHealthDto: {
            /** @enum {string} */
            status: "up" | "down";
            /** @description Round trip of `SELECT 1`, when up. */
            latencyMs?: number;
            /**
             * @description Embedded PGlite or a PostgreSQL server.
             * @enum {string}
             */
            kind: "embedded" | "server";
        };
        SpotifyHealthDto: {
            /**
             * @description sandbox: the built-in Spotify emulator (demo mode).
             * @enum {string}
             */
            mode: "sandbox" | "spotify";
            /**
             * Format: date-time
             * @description While Spotify calls are paused after a 429 (rate limit or quota), when the pause ends.
             */
            pausedUntil: string | null;
            /** @description Spotify reported the app quota exhausted (429 QUOTA_EXCEEDED): calls pause for a long time. */
            quotaExceeded: boolean;
        };
        HealthResponseDto: {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @example 0.1.0 */
            version: string;
            /** @description Seconds since this process started. */
            uptimeS: number;
            /** @enum {string} */
            role: "all" | "api" | "worker";
            database: components["schemas"]["DatabaseHealthDto"];
            spotify: components["schemas"]["SpotifyHealthDto"];
        };
        LivenessResponseDto: {
            /**
             * @description The process is up and its event loop answers.
             * @enum {string}
             */
            status: "ok";
            /** @example 0.1.0 */
            version: string;
            /** @description Seconds since this process started. */
            uptimeS: number;
        };
        ReadinessResponseDto: {
            /** @description true: this process should get traffic (database reachable, every migration of this build applied, not shutting down). */
            ready: boolean;
            /**
             * @description The database answered within 2 s.
             * @enum {string}
             */
            database: "up" | "down";
            /**
             * @description pending: the database lacks some of this build's migrations (they run at start, before the port opens); unknown: the database could not be asked.
             * @enum {string}
             */
            migrations: "done" | "pending" | "unknown";
            /** @description The process received SIGTERM and is draining: it still answers requests in flight, but should get no new ones. */
            draining: boolean;
        };
        WebhookUtmDto: {
            source: string | null;
            medium: string | null;
            campaign: string | null;
            content: string | null;
            term: string | null;
        };
        LinkClickedDataDto: {
            /** Format: uuid */
            campaignId: string;
            /** Format: uuid */
            linkId: string;
            /** Format: uuid */
            clickId: string;
            /** Format: date-time */
            clickedAt: string;
            utm: components["schemas"]["WebhookUtmDto"];
            /** @description The referring page’s host name, never its path. */
            referrerHost: string | null;
            /**
             * @description From the user agent.
             * @enum {string}
             */
            device: "mobile" | "tablet" | "desktop" | "unknown";
            /** @description ISO 3166 country code when known; Soundlink does not locate clicks today, so always null. */
            country: string | null;
        };
        LinkClickedEventDto: {
            /** @enum {string} */
            type: "link.clicked";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["LinkClickedDataDto"];
        };
        ListenerConnectedDataDto: {
            /** Format: uuid */
            campaignId: string;
            /** Format: uuid */
            linkId: string;
            /**
             * Format: uuid
             * @description The latest click of the connecting browser on this campaign.
             */
            clickId: string;
            /** Format: uuid */
            listenerId: string;
            /** @description The utm_source of that click: the channel the listener came through. */
            source: string | null;
            /** Format: date-time */
            connectedAt: string;
        };
        ListenerConnectedEventDto: {
            /** @enum {string} */
            type: "listener.connected";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["ListenerConnectedDataDto"];
        };
        PlayAttributedDataDto: {
            /** Format: uuid */
            campaignId: string;
            /**
             * @description The play id (a 64-bit integer, as a string).
             * @example 4211
             */
            playId: string;
            /**
             * @description Spotify track id.
             * @example 4uLU6hMCjMI75M1A2tKUQC
             */
            trackId: string;
            /** Format: date-time */
            playedAt: string;
            /** Format: uuid */
            listenerId: string;
            /**
             * Format: uuid
             * @description The click credited.
             */
            clickId: string;
            /** Format: uuid */
            linkId: string;
            /**
             * @description Confidence 0..1.
             * @example 0.82
             */
            score: number;
            /** @enum {string} */
            tier: "high" | "medium" | "low";
            /**
             * @description This campaign’s share of the play, 0..1.
             * @example 1
             */
            credit: number;
            /** @example v2 */
            modelVersion: string;
            /**
             * @example [
             *       "CONTEXT_DESTINATION",
             *       "TIME_DECAY",
             *       "NEW_REACH"
             *     ]
             */
            reasons: string[];
        };
        PlayAttributedEventDto: {
            /** @enum {string} */
            type: "play.attributed";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["PlayAttributedDataDto"];
        };
        ListenerErasedDataDto: {
            /**
             * Format: uuid
             * @description Erase what you hold about this listener.
             */
            listenerId: string;
        };
        ListenerErasedEventDto: {
            /** @enum {string} */
            type: "listener.erased";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["ListenerErasedDataDto"];
        };
        WebhookDestinationDto: {
            /** @enum {string} */
            type: "playlist" | "album" | "track" | "artist";
            id: string;
            name: string | null;
        };
        CampaignEventDataDto: {
            /** Format: uuid */
            campaignId: string;
            name: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused" | "ended" | "archived";
            destination: components["schemas"]["WebhookDestinationDto"];
            /** Format: date-time */
            startsAt: string | null;
            /** Format: date-time */
            endsAt: string | null;
            /** @example Europe/Berlin */
            timezone: string;
            attributionWindowHours: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CampaignChangedEventDto: {
            /** @enum {string} */
            type: "campaign.created" | "campaign.updated";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["CampaignEventDataDto"];
        };
        CampaignDeletedDataDto: {
            /** Format: uuid */
            campaignId: string;
            name: string;
        };
        CampaignDeletedEventDto: {
            /** @enum {string} */
            type: "campaign.deleted";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["CampaignDeletedDataDto"];
        };
        LinkEventDataDto: {
            /** Format: uuid */
            linkId: string;
            /** Format: uuid */
            campaignId: string;
            slug: string;
            label: string;
            enabled: boolean;
            /** Format: date-time */
            expiresAt: string | null;
            utm: components["schemas"]["WebhookUtmDto"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        LinkChangedEventDto: {
            /** @enum {string} */
            type: "link.created" | "link.updated";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["LinkEventDataDto"];
        };
        LinkDeletedDataDto: {
            /** Format: uuid */
            linkId: string;
            /** Format: uuid */
            campaignId: string;
            slug: string;
        };
        LinkDeletedEventDto: {
            /** @enum {string} */
            type: "link.deleted";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["LinkDeletedDataDto"];
        };
        WebhookTestDataDto: {
            /** Format: uuid */
            webhookId: string;
            /** @example A test event from Soundlink. */
            message: string;
        };
        WebhookTestEventDto: {
            /** @enum {string} */
            type: "webhook.test";
            /**
             * Format: date-time
             * @description When the change happened (its transaction’s time), ISO-8601 UTC.
             */
            timestamp: string;
            data: components["schemas"]["WebhookTestDataDto"];
        };
        /** @description A webhook body: {type, timestamp, data}, POSTed to your endpoint and signed in the Standard Webhooks format (headers webhook-id, webhook-timestamp, webhook-signature; docs/webhooks.md). Match on `type`. */
        WebhookEvent: components["schemas"]["LinkClickedEventDto"] | components["schemas"]["ListenerConnectedEventDto"] | components["schemas"]["PlayAttributedEventDto"] | components["schemas"]["ListenerErasedEventDto"] | components["schemas"]["CampaignChangedEventDto"] | components["schemas"]["CampaignDeletedEventDto"] | components["schemas"]["LinkChangedEventDto"] | components["schemas"]["LinkDeletedEventDto"] | components["schemas"]["WebhookTestEventDto"];
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    resolveSpotifyLink: {
        parameters: {
            query: {
                /** @description What the owner pasted: an open.spotify.com link (track, album, artist or playlist), a spotify: URI or a spotify.link short link. */
                url: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpotifyDestinationDto"];
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Not a usable Spotify destination. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Spotify is unreachable or paused. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only entries older than this (the previous page’s last createdAt). */
                before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntryDto"][];
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description EmailTaken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description TooManyAttempts, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description InvalidCredentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description TooManyAttempts, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description WrongPassword, WeakPassword */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description TooManyAttempts, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description InvalidResetToken, WeakPassword */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnerDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProfileDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnerDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyDto"][];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listOwners: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnerPageDto"];
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Forbidden: for the signed-in owner in the browser, not for API keys; Forbidden: needs the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    disableOwner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys; Forbidden: needs the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    issuePasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetLinkDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys; Forbidden: needs the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    enableOwner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys; Forbidden: needs the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getOwnerSpotify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnerSpotifyStatusDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    disconnectOwnerSpotify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    connectOwnerSpotify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To Spotify (or the sandbox) with the state; sets the sl_oauth_owner cookie. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Forbidden: for the signed-in owner in the browser, not for API keys. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    completeOwnerSpotify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To /settings?spotify=connected (or denied, failed, dev-mode-cap, state-expired, …). */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An HTML page: the flow was started in another browser (or its cookie expired). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listCampaigns: {
        parameters: {
            query?: {
                status?: "draft" | "active" | "paused" | "ended" | "archived";
                /** @description Search in the campaign name (case-insensitive). */
                q?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignPageDto"];
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    createCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCampaignDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The destination cannot be used, and why. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    deleteCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    updateCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCampaignDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description InvalidStatusTransition */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description UnprocessableEntity. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listLinks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkDto"][];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    createLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLinkDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SlugTaken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
                linkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    deleteLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
                linkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    updateLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
                linkId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLinkDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SlugTaken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getLinkQrSvg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
                linkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SVG image. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getLinkQrPng: {
        parameters: {
            query?: {
                /** @description PNG width in pixels. */
                size?: number;
            };
            header?: never;
            path: {
                campaignId: string;
                linkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A PNG image. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign or link among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listSandboxSamples: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxSamplesDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Not sandbox mode: a Spotify app is configured. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listAttributions: {
        parameters: {
            query?: {
                linkId?: string;
                tier?: "high" | "medium" | "low";
                /** @description Plays at or after this time. */
                from?: string;
                /** @description Plays before this time. */
                to?: string;
                limit?: number;
                /** @description nextCursor of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributionPageDto"];
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getPlayExplanation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlayExplanationDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    reattributeCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributionJobDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks campaigns:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getAttributionJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributionJobDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks campaigns:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description NotFound. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getConnectInfo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The tracker link’s slug. */
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectInfoDto"];
                };
            };
            /** @description ValidationFailed: the slug is not a valid slug. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unknown or switched-off link. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Expired link or archived campaign. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    startListenerConnect: {
        parameters: {
            query: {
                /** @description The tracker link’s slug. */
                slug: string;
                /** @description The click that led here (the redirect adds it to the connect page URL). Accepted but grants nothing: only clicks made with this browser’s visitor cookie are linked to the listener. */
                click?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To Spotify (or the sandbox) with the state, or back to the connect page. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description ValidationFailed: slug or click is not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    completeListenerConnect: {
        parameters: {
            query?: {
                /** @description access_denied when the listener said no. */
                error?: unknown;
                state?: unknown;
                /** @description Authorization code from Spotify. */
                code?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the destination, or to the connect page with ?error=…. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A small HTML page: the state names no campaign. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getListenerMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListenerMeDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    eraseListenerMe: {
        parameters: {
            query?: never;
            header: {
                /** @description Must be `soundlink`: protects the listener against cross-site requests. */
                "X-Requested-With": "soundlink";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description X-Requested-With missing. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    syncListenerMe: {
        parameters: {
            query?: never;
            header: {
                /** @description Must be `soundlink`: protects the listener against cross-site requests. */
                "X-Requested-With": "soundlink";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListenerSyncResultDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description X-Requested-With missing. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Disconnected: nothing can be read. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Synced less than 30 s ago. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    exportListenerMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListenerExportDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    disconnectListenerMe: {
        parameters: {
            query?: never;
            header: {
                /** @description Must be `soundlink`: protects the listener against cross-site requests. */
                "X-Requested-With": "soundlink";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description X-Requested-With missing. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getListenerInsights: {
        parameters: {
            query?: {
                /** @description The last 4 weeks (28 days), the last 6 months (182 days) or everything recorded. */
                range?: "4w" | "6m" | "all";
                /** @description IANA time zone for days, the listening clock and streaks. Default: yours on record (UTC). */
                tz?: string;
                /** @description Entries per top list. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListenerInsightsDto"];
                };
            };
            /** @description range, tz or limit not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listListeningHistoryImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryImportDto"][];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    importListeningHistory: {
        parameters: {
            query?: {
                /** @description The uploaded file’s name, used in error messages and the job (default: upload.json / upload.zip). */
                filename?: string;
            };
            header: {
                /** @description Must be `soundlink`: protects the listener against cross-site requests. */
                "X-Requested-With": "soundlink";
            };
            path?: never;
            cookie?: never;
        };
        /** @description The raw file as the request body: one `Streaming_History_Audio_*.json` (application/json) or the whole ZIP of Spotify’s extended streaming history (application/zip). Sent with fetch as `body: file` and `Content-Type: file.type`. At most IMPORT_MAX_BYTES (default 100 MB). */
        requestBody: {
            content: {
                "application/json": string;
                "application/zip": string;
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryImportDto"];
                };
            };
            /** @description filename not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description X-Requested-With missing. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description An import of yours is still running (HistoryImportInProgress). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Larger than IMPORT_MAX_BYTES, or a ZIP unpacking to more than IMPORT_MAX_UNZIPPED_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Not application/json, application/zip (or application/octet-stream). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Not an extended streaming history (HistoryInvalid): `details[0].field` names the file and entry, e.g. `Streaming_History_Audio_2023.json[41].ms_played`. Nothing was imported. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Too many imports are being uploaded or waiting their turn on this server (ServiceUnavailable): upload again later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getListeningHistoryImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryImportDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No import of yours has this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getPollingSummary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PollingSummaryDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Forbidden: for the signed-in owner in the browser, not for API keys; Forbidden: needs the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getSourcesPolling: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourcesPollingDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Forbidden: for the signed-in owner in the browser, not for API keys; Forbidden: needs the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    startLastfmConnect: {
        parameters: {
            query: {
                /** @description The tracker link’s slug. */
                slug: string;
                /** @description The click that led here. Grants nothing: only this browser’s visitor cookie’s clicks are linked. */
                click?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To {Last.fm}/api/auth/?api_key=…&cb=…, or back to the connect page. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description ValidationFailed: slug or click is not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    completeLastfmConnect: {
        parameters: {
            query?: {
                /** @description Last.fm’s single-use token (32 characters). */
                token?: string;
                /** @description The signed state of the start. */
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the destination, or to the connect page with ?error=…. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description ValidationFailed: token or state is not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    connectListenBrainz: {
        parameters: {
            query?: never;
            header: {
                /** @description Must be `soundlink`: protects the listener against cross-site requests. */
                "X-Requested-With": "soundlink";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectListenBrainzDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListenBrainzConnectedDto"];
                };
            };
            /** @description ValidationFailed: token, slug or click is not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description X-Requested-With missing. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unknown or switched-off link. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Expired link or archived campaign. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SourceTokenInvalid: ListenBrainz refused the token (details: field `token` and the reason). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SourceUnavailable: ListenBrainz cannot be reached. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listListenerSources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListenerSourcesDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    disconnectListenerSource: {
        parameters: {
            query?: never;
            header: {
                /** @description Must be `soundlink`: protects the listener against cross-site requests. */
                "X-Requested-With": "soundlink";
            };
            path: {
                kind: "spotify" | "lastfm" | "listenbrainz";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description ValidationFailed: kind is not spotify, lastfm or listenbrainz. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No valid sl_listener cookie, or the listener was erased (ListenerNotConnected). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description X-Requested-With missing. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SourceNotConnected: no such source. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignFunnel: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FunnelDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignTimeseries: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeseriesDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignTopTracks: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
                limit?: unknown;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopTracksDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignLinkStats: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinksDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignRetention: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignLift: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiftDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignCompleteness: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletenessResponseDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    exportCampaignData: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
                dataset?: "attributions" | "funnel" | "timeseries" | "top-tracks" | "links" | "segments" | "lift";
                format?: "csv" | "json";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/json": string;
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    streamCampaignEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description TooManyLiveStreams: the owner already holds LIVE_STREAMS_PER_OWNER streams, or the server LIVE_STREAMS_MAX. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignSegments: {
        parameters: {
            query?: {
                /** @description Start of the range (ISO 8601), inclusive; rounded down to the hour. Default: the start of the day 27 days ago in the time zone (with `to`: the last 28 days). */
                from?: string;
                /** @description End of the range (ISO 8601), exclusive; rounded up to the hour. Default: the end of today in the time zone. */
                to?: string;
                /** @description IANA time zone of the buckets. Default: the campaign's. */
                tz?: string;
                /** @description Bucket size of time series. */
                granularity?: "hour" | "day" | "week";
                /** @description Only this tracker link of the campaign. */
                linkId?: string;
                /** @description Only clicks with this utm_source (and what they led to). */
                utmSource?: string;
                /** @description Only attributions of this confidence tier. */
                tier?: "high" | "medium" | "low";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentsDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such campaign among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getCampaignsSummary: {
        parameters: {
            query?: {
                /** @description Whole UTC days, today (so far) included. */
                days?: number;
                /** @description Comma-separated campaign ids (at most 100); default: all your campaigns. Ids that are not yours are left out. */
                ids?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignsSummaryDto"];
                };
            };
            /** @description A query parameter is not valid. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks analytics:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getTrendingTracks: {
        parameters: {
            query?: {
                /** @description The window: the last complete UTC day (24h), the last 7 or 28 complete UTC days. Compared with the window of the same length just before it. */
                window?: "24h" | "7d" | "28d";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrendsDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getTrendingArtists: {
        parameters: {
            query?: {
                /** @description The window: the last complete UTC day (24h), the last 7 or 28 complete UTC days. Compared with the window of the same length just before it. */
                window?: "24h" | "7d" | "28d";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrendsDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getRisingTrends: {
        parameters: {
            query?: {
                /** @description The window: the last complete UTC day (24h), the last 7 or 28 complete UTC days. Compared with the window of the same length just before it. */
                window?: "24h" | "7d" | "28d";
                limit?: number;
                /** @description Tracks or artists. */
                type?: "track" | "artist";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrendsDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getNewTrendEntries: {
        parameters: {
            query?: {
                /** @description The window: the last complete UTC day (24h), the last 7 or 28 complete UTC days. Compared with the window of the same length just before it. */
                window?: "24h" | "7d" | "28d";
                limit?: number;
                /** @description Tracks or artists. */
                type?: "track" | "artist";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrendsDto"];
                };
            };
            /** @description A query parameter is not valid (field and reason). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookListDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks webhooks:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks webhooks:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WebhookTargetRefused: the URL is not https or its host resolves to a private, loopback, link-local or metadata address (details name the field url and the reason). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks webhooks:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks webhooks:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description MalformedJson: the body is not valid JSON; ValidationFailed: details per field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks webhooks:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PayloadTooLarge: the body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WebhookTargetRefused: the URL is not https or its host resolves to a private, loopback, link-local or metadata address (details name the field url and the reason). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecretDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks webhooks:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    sendWebhookTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks webhooks:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WebhookDisabled: enable the webhook first. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The id of the previous page’s last delivery: older ones follow. */
                before?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryListDto"];
                };
            };
            /** @description ValidationFailed: a parameter is not valid (details per field). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description MissingScope: the API key lacks webhooks:read. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"];
                };
            };
            /** @description Unauthenticated: no valid session cookie or API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CsrfTokenMissing: with the session cookie, the X-CSRF-Token header is missing or wrong; MissingScope: the API key lacks webhooks:write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description No such webhook (or delivery) among yours. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WebhookDisabled: enable the webhook first. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getDemo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DemoInfoDto"];
                };
            };
            /** @description MalformedJson: the request carried a body (none is needed) that is not valid JSON. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything this process needs is reachable. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponseDto"];
                };
            };
            /** @description MalformedJson: the request carried a body (none is needed) that is not valid JSON. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The database is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LivenessResponseDto"];
                };
            };
            /** @description MalformedJson: the request carried a body (none is needed) that is not valid JSON. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Send traffic to this process. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessResponseDto"];
                };
            };
            /** @description MalformedJson: the request carried a body (none is needed) that is not valid JSON. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Do not send traffic: the database is down, migrations are pending, or the process is draining. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessResponseDto"];
                };
            };
            /** @description Any other error (500 Internal, 503 ServiceUnavailable…), in the same shape. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
}
