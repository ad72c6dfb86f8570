import type { LookupFunction } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ATTEMPT_TIMEOUT_MS, RESPONSE_BODY_MAX_BYTES } from './webhook-events';
import type { WebhookTarget } from './webhook-target';

/** What one attempt got: an answer (any status), or no answer and why. */
export type AttemptOutcome =
  | { answered: true; status: number; body: string; durationMs: number }
  | { answered: false; error: string; durationMs: number };

/**
 * A lookup that answers the addresses resolved (and checked) for this attempt, whatever it is asked: the
 * connection goes where the check said (trying them in order, as Node's happy eyeballs does with all of them),
 * while TLS still verifies the certificate for the URL's host name (SNI and the Host header come from the URL,
 * not the address).
 */
function pinnedLookup(target: WebhookTarget): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const [first] = target.addresses;
    if (options?.all) callback(null, target.addresses);
    else callback(null, first?.address, first?.family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs the body to the target: no redirects followed (a 3xx is a failed attempt), at most ATTEMPT_TIMEOUT_MS
 * for the whole exchange, and only the first RESPONSE_BODY_MAX_BYTES of the answer are read (the rest is
 * dropped with the connection).
 */
export function postWebhook(
  target: WebhookTarget,
  headers: Record<string, string>,
  body: string,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    /** The answer so far: a receiver that sends its status and then stalls still answered it. */
    let answer: { status: number; chunks: Buffer[] } | undefined;
    const bodyOf = (chunks: Buffer[]) =>
      Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX_BYTES).toString('utf8');
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      target.url,
      {
        method: 'POST',
        lookup: pinnedLookup(target),
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Soundlink-Webhooks/1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        answer = { status: res.statusCode ?? 0, chunks };
        let size = 0;
        const done = () => {
          finish({
            answered: true,
            status: res.statusCode ?? 0,
            body: bodyOf(chunks),
            durationMs: elapsed(),
          });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_BODY_MAX_BYTES) done();
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      if (answer)
        finish({ answered: true, status: answer.status, body: bodyOf(answer.chunks), durationMs: elapsed() });
      finish({
        answered: false,
        error: `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`,
        durationMs: elapsed(),
      });
      req.destroy();
    }, ATTEMPT_TIMEOUT_MS);
    req.on('error', (error: NodeJS.ErrnoException) =>
      answer
        ? finish({
            answered: true,
            status: answer.status,
            body: bodyOf(answer.chunks),
            durationMs: elapsed(),
          })
        : finish({
            answered: false,
            error: (error.code ?? error.message).slice(0, 300),
            durationMs: elapsed(),
          }),
    );
    req.end(body);
  });
}
