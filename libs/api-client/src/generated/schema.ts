// Generated from libs/api-client/openapi.json by `npm run generate`. Do not edit.
/* eslint-disable */
export interface paths {
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
