import { BlockList, isIP, isIPv4 } from 'node:net';

/** The IPv4 form of an address Node reports, unwrapping IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/** True when `entry` is one IPv4 address or an IPv4 CIDR range (`203.0.113.0/24`). */
export function isAllowlistEntry(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address || !isIPv4(address)) return false;
  return bits === undefined || (/^\d{1,2}$/.test(bits) && Number(bits) <= 32);
}

/**
 * True when `clientIp` may use the key: no allowlist, or the address falls inside it.
 * @see shared/providers.md §1.4 — "Empty whitelist: all IPs allowed"; one IPv4 or CIDR value.
 */
export function isAllowed(allowlist: string | null, clientIp: string): boolean {
  if (allowlist === null) return true;
  const ip = normalizeIp(clientIp);
  if (!isIPv4(ip)) return false;
  const [address, bits] = allowlist.split('/') as [string, string | undefined];
  const list = new BlockList();
  if (bits === undefined) list.addAddress(address, 'ipv4');
  else list.addSubnet(address, Number(bits), 'ipv4');
  return list.check(ip, 'ipv4');
}

/**
 * The first entry of a key's own address list that is not one IP address (a range, a name), or undefined.
 * The list is matched exactly, so such an entry could never let a client in.
 */
export function findNonAddress(addresses: readonly string[] | null | undefined): string | undefined {
  return addresses?.find((entry) => isIP(entry) === 0);
}

/** True for 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopback(address: string): boolean {
  const ip = normalizeIp(address);
  return ip === '::1' || (isIPv4(ip) && ip.startsWith('127.'));
}
