/** Minimal HTTP plumbing on node:http: request context, body parsing, replies. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Destroy the socket without answering (fault injection). */
  drop?: boolean;
  /** Wait this long (real ms) before answering (fault injection). */
  delayMs?: number;
}

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Path below basePath, e.g. `/v1/me`. */
  path: string;
  query: URLSearchParams;
  /** origin + basePath as clients see it. */
  publicUrl: string;
  /** Filled in by handlers for the call log. */
  userId: string | null;
  clientId: string | null;
  /** Whether the call goes to the call log. */
  logged: boolean;
  rawBody?: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function redirect(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, headers: { location, ...headers }, body: '' };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** Web API error body: {"error":{"status":N,"message":"…"}}. */
export function apiError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return json(status, { error: { status, message, ...extra } });
}

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The body as text. When a framework (express/Nest body parsers) already consumed the stream and left `req.body`,
 * that is used instead (re-encoded according to the content type).
 */
export async function bodyOf(ctx: RequestContext): Promise<string> {
  if (ctx.rawBody !== undefined) return ctx.rawBody;
  const req = ctx.req as IncomingMessage & { body?: unknown };
  if (req.readableEnded) {
    const pre = req.body;
    const type = req.headers['content-type'] ?? '';
    if (typeof pre === 'string') ctx.rawBody = pre;
    else if (Buffer.isBuffer(pre)) ctx.rawBody = pre.toString('utf8');
    else if (pre && typeof pre === 'object' && type.includes('application/x-www-form-urlencoded')) {
      ctx.rawBody = new URLSearchParams(
        Object.entries(pre as Record<string, unknown>).map(([k, v]) => [k, String(v)] as [string, string]),
      ).toString();
    } else if (pre && typeof pre === 'object' && Object.keys(pre).length > 0)
      ctx.rawBody = JSON.stringify(pre);
    else ctx.rawBody = '';
    return ctx.rawBody;
  }
  ctx.rawBody = await readBody(ctx.req);
  return ctx.rawBody;
}

export async function formBody(ctx: RequestContext): Promise<URLSearchParams> {
  const type = ctx.req.headers['content-type'] ?? '';
  const raw = await bodyOf(ctx);
  return type.includes('application/x-www-form-urlencoded')
    ? new URLSearchParams(raw)
    : new URLSearchParams();
}

export class BadJson extends Error {}

export async function jsonBody(ctx: RequestContext): Promise<Record<string, unknown>> {
  const raw = await bodyOf(ctx);
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new BadJson('Body must be a JSON object');
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new BadJson(e instanceof Error ? e.message : 'Invalid JSON');
  }
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (reply.drop) {
    res.socket?.destroy();
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { 'cache-control': 'private, max-age=0', ...reply.headers };
  if (reply.body !== undefined && reply.status !== 204) {
    headers['content-length'] = String(Buffer.byteLength(reply.body));
  }
  res.writeHead(reply.status, headers);
  res.end(reply.status === 204 ? undefined : reply.body);
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function queryObject(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of q) out[k] = v;
  return out;
}

/**
 * Serves `handle` on its own HTTP server at `host:port` (0: any free port), answering 404 for what it does
 * not handle: a sandbox run standalone. Answers the server and its origin (`http://host:port`).
 */
export function listenStandalone(
  handle: (req: IncomingMessage, res: ServerResponse) => boolean,
  port: number,
  host: string,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (!handle(req, res)) writeReply(res, json(404, { error: { status: 404, message: 'Not found' } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const h = host.includes(':') ? `[${host}]` : host;
      resolve({ server, origin: `http://${h}:${address.port}` });
    });
  });
}

/** Closes a standalone sandbox server, dropping its kept-alive connections. */
export async function closeStandalone(server: Server | null): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
