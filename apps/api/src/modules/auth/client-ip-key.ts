import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client IP is limited under: an IPv4 address as is (also when IPv4-mapped, ::ffff:a.b.c.d), an
 * IPv6 address by its /64 prefix — one subscriber usually holds a whole /64, so per-address limits would
 * be no limit at all.
 */
export function clientIpKey(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address) || !isIPv6(address.split('%')[0])) return address || 'unknown';
  const groups = expandIPv6(address.split('%')[0]);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address;
  // A trailing dotted IPv4 part (e.g. 64:ff9b::192.0.2.1) becomes two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) =>
    parseInt(g || '0', 16).toString(16),
  );
}
