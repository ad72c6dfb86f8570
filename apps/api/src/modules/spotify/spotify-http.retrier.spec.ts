import { MetricsService } from '../metrics/metrics.service';
import {
  SpotifyQuotaExceededError,
  SpotifyRateLimitedError,
  SpotifyUnavailableError,
} from './spotify.errors';
import { spotifyClientOptions } from './spotify-client.options';
import {
  networkFailureReason,
  SpotifyCall,
  SpotifyExchange,
  SpotifyHttpRetrier,
  SpotifySetback,
} from './spotify-http.retrier';
import { SpotifyMetrics } from './spotify-metrics.service';
import { SpotifyRateLimiter } from './spotify-rate-limiter.service';

/** One scripted attempt: an answer (status, Retry-After), a failed send, or a body that cannot be read. */
type Step = number | [status: number, retryAfterMs: number] | 'quota' | Error | { unreadableBody: Error };

/** A fake endpoint answering from a script; 200 reads as the attempt's number. */
class ScriptedExchange implements SpotifyExchange<SpotifyCall, string> {
  prepared = 0;
  sent = 0;
  reauthorized = 0;
  prepareError: Error | undefined;

  constructor(private readonly steps: Step[]) {}

  prepare(): void {
    this.prepared++;
    if (this.prepareError) throw this.prepareError;
  }

  async send(): Promise<Response> {
    const step = this.steps[this.sent++];
    if (step === undefined) throw new Error('the script ran out');
    if (step instanceof Error) throw step;
    if (typeof step === 'object' && 'unreadableBody' in step) {
      return { status: 200, text: () => Promise.reject(step.unreadableBody) } as unknown as Response;
    }
    if (step === 'quota') return new Response('', { status: 429, headers: { 'x-quota': '1' } });
    const [status, retryAfter] = typeof step === 'number' ? [step, null] : step;
    return new Response(status === 200 ? `answer ${this.sent}` : '', {
      status,
      headers: retryAfter === null ? {} : { 'retry-after': String(retryAfter / 1000) },
    });
  }

  read(_call: SpotifyCall, res: Response, body: string): string | SpotifySetback {
    const retryAfter = res.headers.get('retry-after');
    const retryAfterMs = retryAfter === null ? null : Number(retryAfter) * 1000;
    if (res.status === 200) return body;
    if (res.status === 401) return SpotifySetback.unauthorized;
    if (res.status === 429) return SpotifySetback.rateLimited(retryAfterMs, res.headers.has('x-quota'));
    if (res.status >= 500) return SpotifySetback.serverError(res.status, `down ${res.status}`, retryAfterMs);
    throw new Error(`refused ${res.status}`);
  }

  async reauthorize(): Promise<void> {
    this.reauthorized++;
  }
}

const timeout = () =>
  Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
const refused = () => new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });

describe('SpotifyHttpRetrier (the one retry loop of the Spotify client)', () => {
  const call: SpotifyCall = { endpoint: '/me' };
  let metrics: MetricsService;
  let limiter: SpotifyRateLimiter;

  function retrier(overrides: Parameters<typeof spotifyClientOptions>[0] = {}) {
    const options = spotifyClientOptions({
      maxAttempts: 3,
      backoffBaseMs: 1,
      backoffCapMs: 200,
      quotaPauseMs: 60_000,
      random: () => 0.5,
      ...overrides,
    });
    limiter = new SpotifyRateLimiter(options);
    metrics = new MetricsService();
    return new SpotifyHttpRetrier(limiter, new SpotifyMetrics(metrics, limiter), options);
  }

  const rendered = async (pattern: RegExp) => expect(await metrics.render()).toMatch(pattern);

  it('returns the first good answer, preparing every attempt', async () => {
    const exchange = new ScriptedExchange([200]);
    await expect(retrier().run(exchange, call)).resolves.toBe('answer 1');
    expect(exchange.prepared).toBe(1);
    await rendered(/spotify_requests_total\{endpoint="\/me",status="200"\} 1/);
  });

  it('retries network errors, timeouts and unreadable bodies, counting each', async () => {
    const exchange = new ScriptedExchange([refused(), { unreadableBody: timeout() }, 200]);
    await expect(retrier({ maxAttempts: 3 }).run(exchange, call)).resolves.toBe('answer 3');
    expect(exchange.prepared).toBe(3);
    await rendered(/spotify_requests_total\{endpoint="\/me",status="network"\} 1/);
    await rendered(/spotify_retries_total\{reason="network"\} 1/);
    await rendered(/spotify_retries_total\{reason="timeout"\} 1/);
  });

  it('gives up after maxAttempts with the last failure, naming the endpoint', async () => {
    const exchange = new ScriptedExchange([refused(), timeout(), timeout(), 200]);
    const error = await retrier({ maxAttempts: 3 })
      .run(exchange, call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyUnavailableError);
    expect(error).toMatchObject({
      reason: 'timeout',
      detail: '/me: The operation was aborted due to timeout',
    });
    expect(exchange.sent).toBe(3);
  });

  it("gives up on 5xx with the answer's status and message", async () => {
    const exchange = new ScriptedExchange([502, 503, 200]);
    const error = await retrier({ maxAttempts: 2 })
      .run(exchange, call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyUnavailableError);
    expect(error).toMatchObject({ reason: 'server-error', detail: 'down 503', spotifyStatus: 503 });
    expect(exchange.sent).toBe(2);
    await rendered(/spotify_retries_total\{reason="server_error"\} 1/);
  });

  it('waits at least Retry-After after a 5xx, but never longer than the backoff cap', async () => {
    const honoured = new ScriptedExchange([[503, 60], 200]);
    let started = Date.now();
    await retrier({ backoffCapMs: 1000 }).run(honoured, call);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    const capped = new ScriptedExchange([[503, 60_000], 200]);
    started = Date.now();
    await retrier({ backoffCapMs: 30 }).run(capped, call);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('on a 429 pauses every call through the limiter; the next attempt waits for it in prepare', async () => {
    const exchange = new ScriptedExchange([[429, 80], 200]);
    const client = retrier();
    exchange.prepare = () => {
      exchange.prepared++;
      return limiter.acquire();
    };
    const started = Date.now();
    await expect(client.run(exchange, call)).resolves.toBe('answer 2');
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    await rendered(/spotify_rate_limit_pauses_total\{reason="rate_limit"\} 1/);
    await rendered(/spotify_retries_total\{reason="rate_limit"\} 1/);
  });

  it('out of attempts on 429s, records the pause before failing with SpotifyRateLimitedError', async () => {
    const exchange = new ScriptedExchange([503, [429, 30_000]]);
    const error = await retrier({ maxAttempts: 2 })
      .run(exchange, call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyRateLimitedError);
    expect(limiter.status().paused).toBe(true);
    expect((error as SpotifyRateLimitedError).retryAt.getTime()).toBe(
      limiter.status().pausedUntil?.getTime(),
    );
  });

  it('QUOTA_EXCEEDED pauses every call for at least quotaPauseMs and fails at once', async () => {
    const exchange = new ScriptedExchange(['quota', 200]);
    const error = await retrier({ quotaPauseMs: 60_000 })
      .run(exchange, call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyQuotaExceededError);
    expect(exchange.sent).toBe(1);
    expect(limiter.status()).toMatchObject({ paused: true, quotaExceeded: true });
    expect(limiter.status().pausedUntil!.getTime() - Date.now()).toBeGreaterThan(55_000);
    await rendered(/spotify_rate_limit_pauses_total\{reason="quota_exceeded"\} 1/);
  });

  it('a 401 re-authorizes and retries without using up an attempt', async () => {
    const exchange = new ScriptedExchange([401, 503, 200]);
    await expect(retrier({ maxAttempts: 2 }).run(exchange, call)).resolves.toBe('answer 3');
    expect(exchange.reauthorized).toBe(1);
    await rendered(/spotify_retries_total\{reason="unauthorized"\} 1/);
  });

  it("ends the call on prepare's and read's errors, without retrying", async () => {
    const gated = new ScriptedExchange([200]);
    gated.prepareError = new SpotifyRateLimitedError(new Date());
    await expect(retrier().run(gated, call)).rejects.toBe(gated.prepareError);
    expect(gated.sent).toBe(0);

    const refusing = new ScriptedExchange([404, 200]);
    await expect(retrier().run(refusing, call)).rejects.toThrow('refused 404');
    expect(refusing.sent).toBe(1);
  });

  it('tells timeouts (AbortSignal.timeout, from any realm) from other network failures', () => {
    expect(networkFailureReason(timeout())).toBe('timeout');
    expect(networkFailureReason({ name: 'AbortError' })).toBe('timeout');
    expect(networkFailureReason(refused())).toBe('network');
    expect(networkFailureReason(null)).toBe('network');
  });
});
