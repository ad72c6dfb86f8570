import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Where a delivery goes: the URL, and the addresses its host resolved to (and were checked) for this attempt. */
export interface WebhookTarget {
  url: URL;
  addresses: Array<{ address: string; family: 4 | 6 }>;
}

export type TargetCheck = { ok: true; target: WebhookTarget } | { ok: false; reason: string };

/** Resolves a host name to all its addresses (replaceable in tests of this module's rules only). */
export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** ipaddr.js range names as a person reads them. */
const RANGE_NAMES: Record<string, string> = {
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local',
  rfc6052: 'NAT64',
  '6to4': '6to4',
  teredo: 'Teredo',
};

/**
 * Why an address may not be a webhook target, or undefined for a public one. ipaddr.js classifies it after
 * unwrapping IPv4-mapped IPv6 (::ffff:127.0.0.1 is loopback); only its `unicast` range is public: loopback,
 * private (10/8, 172.16/12, 192.168/16), link-local (169.254/16 with the cloud metadata service at
 * 169.254.169.254, fe80::/10), carrier-grade NAT (100.64/10), unique-local (fc00::/7), unspecified, multicast,
 * broadcast, reserved, documentation, NAT64, 6to4 and Teredo ranges are all refused.
 */
export function refusedAddress(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return `${address} is not an IP address`;
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  const label =
    parsed.toNormalizedString() === '169.254.169.254' ? 'cloud metadata' : (RANGE_NAMES[range] ?? range);
  return `resolves to ${address}, ${/^(?:[aeio]|unspec)/i.test(label) ? 'an' : 'a'} ${label} address: only public addresses are allowed`;
}

/**
 * Checks a webhook URL and resolves its host once: only https, no credentials in the URL, and every address
 * the host resolves to must be public (a host with one private address among public ones is refused: which
 * one a connection would use is not ours to choose). The delivery then connects to the addresses answered here
 * (see webhook-http.ts), so a second resolution cannot swap in a private one (DNS rebinding).
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_TARGETS) admits http and every address: tests and local setups.
 */
export async function checkTarget(
  raw: string,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute URL' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return { ok: false, reason: 'must use https' };
  }
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return {
        ok: false,
        reason: `the host ${host} does not resolve (${(error as { code?: string }).code ?? 'error'})`,
      };
    }
    if (addresses.length === 0) return { ok: false, reason: `the host ${host} does not resolve` };
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const refused = refusedAddress(address);
      if (refused) return { ok: false, reason: refused };
    }
  }
  return {
    ok: true,
    target: {
      url,
      addresses: addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })),
    },
  };
}
