import { BlockList, isIP } from 'node:net';

/** IPv4 ranges no webhook may reach by default: this host, the private networks and what is not unicast. */
const IPV4_RANGES: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const IPV6_RANGES: [string, number][] = [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible addresses
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT): reaches any IPv4 host through a translator
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): a site's own translator, to any IPv4 host
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments: Teredo (2001::/32, tunnels to any IPv4 host), benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: tunnels to the IPv4 host embedded in the address
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing (SRv6) identifiers
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
];

const BLOCKED = new BlockList();
for (const [network, prefix] of IPV4_RANGES) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
  // The well-known NAT64 prefix (RFC 6052) may carry only global IPv4 addresses: refuse it for the ranges above, keep it for DNS64 networks.
  BLOCKED.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
}
for (const [network, prefix] of IPV6_RANGES) BLOCKED.addSubnet(network, prefix, 'ipv6');

/**
 * Whether an address is loopback, private, link-local, unique-local, unspecified, CGNAT, a tunnel or
 * translation to any IPv4 host, or not unicast. BlockList matches IPv4-mapped IPv6 (::ffff:10.0.0.1)
 * against the IPv4 ranges; anything not an IP counts as private.
 */
export function isPrivateAddress(ip: string): boolean {
  // A zone index (fe80::1%eth0) only names the interface.
  const address = ip.replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The host of a URL as written: an address literal by the rule above, `localhost` and its subdomains
 * as loopback; any other name passes here and is checked by its resolved addresses when it is used (DNS rebinding).
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host.replace(/%.*$/, '')) !== 0 && isPrivateAddress(host);
}
