// Generated from libs/api-client/openapi.json by `npm run generate`. Do not edit.
/* eslint-disable */
export interface paths {
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
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
