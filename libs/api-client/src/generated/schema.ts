// Generated from libs/api-client/openapi.json by `npm run generate`. Do not edit.
/* eslint-disable */
export interface paths {
    "/api/v1/spotify/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Starts a Spotify login: redirects to Spotify's consent page.
         * @description Asks for user-read-recently-played and user-top-read. In sandbox mode the consent page is the built-in Spotify sandbox's. The listener connect flow builds on this endpoint.
         */
        get: operations["loginWithSpotify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/spotify/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Completes a Spotify login: exchanges the code and tells who logged in.
         * @description Spotify redirects here after consent. Answers the Spotify user without exposing any token. The listener connect flow builds on this endpoint.
         */
        get: operations["completeSpotifyLogin"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/spotify/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Checks a pasted Spotify link and tells what it points at.
         * @description Accepts open.spotify.com links (track, album, artist, playlist), spotify: URIs and spotify.link short links (resolved server-side). Unusable input answers 422 with a plain-English reason and a stable code (SpotifyLink…, SpotifyShortLink…, SpotifyNotFound). For signed-in owners and API keys with campaigns:read.
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
        /** Create an owner account and sign in (sets the session cookie). */
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
         * @description Unknown email and wrong password get the same answer. Rate-limited per account and per IP.
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
        /** Start connecting your Spotify account: redirects to Spotify’s consent page. */
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
        /** Spotify sends the owner back here; redirects to Settings with the outcome. */
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        SpotifyLoginResultDto: {
            /**
             * @description The Spotify user id.
             * @example ada.moreno
             */
            spotifyUserId: string;
            /** @example Ada Moreno */
            displayName: string;
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
        OwnerDto: {
            /** Format: uuid */
            id: string;
            email: string;
            displayName: string;
            /** @enum {string} */
            role: "owner" | "admin";
            /** @example UTC */
            timezone: string;
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
        UpdateProfileDto: {
            displayName?: string;
            /** @example America/New_York */
            timezone?: string;
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
            scopes: ("campaigns:read" | "campaigns:write" | "analytics:read")[];
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
            scopes: ("campaigns:read" | "campaigns:write" | "analytics:read")[];
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
            scopes: ("campaigns:read" | "campaigns:write" | "analytics:read")[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
        };
        OwnerPageDto: {
            items: components["schemas"]["OwnerDto"][];
            total: number;
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
            attributionWindowHours: number;
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
            status: "draft" | "active";
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
            /** Format: date-time */
            startsAt?: Record<string, never> | null;
            /** Format: date-time */
            endsAt?: Record<string, never> | null;
            timezone?: string;
            /** @enum {string} */
            status?: "draft" | "active" | "paused" | "ended" | "archived";
        };
        CreateLinkDto: {
            /** @example instagram */
            utmSource?: Record<string, never> | null;
            /** @example social */
            utmMedium?: Record<string, never> | null;
            /** @example summer-singles */
            utmCampaign?: Record<string, never> | null;
            utmContent?: Record<string, never> | null;
            utmTerm?: Record<string, never> | null;
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
            enabled: boolean;
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
            utmSource?: Record<string, never> | null;
            /** @example social */
            utmMedium?: Record<string, never> | null;
            /** @example summer-singles */
            utmCampaign?: Record<string, never> | null;
            utmContent?: Record<string, never> | null;
            utmTerm?: Record<string, never> | null;
            label?: string;
            slug?: string;
            enabled?: boolean;
            /** Format: date-time */
            expiresAt?: Record<string, never> | null;
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    loginWithSpotify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect to Spotify's authorize page. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    completeSpotifyLogin: {
        parameters: {
            query?: {
                /** @description access_denied when the user cancelled. */
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpotifyLoginResultDto"];
                };
            };
            /** @description The user cancelled (SpotifyLoginCancelled). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Spotify refused the code exchange. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
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
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                limit?: unknown;
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
            /** @description EmailTaken */
            409: {
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
            /** @description InvalidCredentials */
            401: {
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
            401: {
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
            404: {
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
                limit?: unknown;
                offset?: unknown;
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
            404: {
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
            404: {
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
            /** @description To Spotify (or the sandbox) with a signed, single-use state. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
        };
    };
    listCampaigns: {
        parameters: {
            query?: {
                status?: "draft" | "active" | "paused" | "ended" | "archived";
                /** @description Search in the campaign name (case-insensitive). */
                q?: string;
                limit?: unknown;
                offset?: unknown;
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
            /** @description No such campaign among yours. */
            404: {
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
            /** @description No such campaign among yours. */
            404: {
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
            /** @description No such campaign among yours. */
            404: {
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
            /** @description No such campaign among yours. */
            404: {
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
            422: {
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
            /** @description No such campaign or link among yours. */
            404: {
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
            /** @description No such campaign or link among yours. */
            404: {
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
            /** @description No such campaign or link among yours. */
            404: {
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
            /** @description No such campaign or link among yours. */
            404: {
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
                size?: unknown;
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
            /** @description No such campaign or link among yours. */
            404: {
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
            /** @description The database is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponseDto"];
                };
            };
        };
    };
}
