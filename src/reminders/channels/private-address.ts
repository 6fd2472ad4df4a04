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
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const IPV6_RANGES: [string, number][] = [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible addresses
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
];

const BLOCKED = new BlockList();
for (const [network, prefix] of IPV4_RANGES) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
  // NAT64 (RFC 6052) reaches the same IPv4 hosts through 64:ff9b::/96.
  BLOCKED.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
}
for (const [network, prefix] of IPV6_RANGES) BLOCKED.addSubnet(network, prefix, 'ipv6');

/**
 * Whether an address is loopback, private, link-local, unique-local, unspecified, CGNAT or not unicast.
 * BlockList matches IPv4-mapped IPv6 (::ffff:10.0.0.1) against the IPv4 ranges; anything not an IP counts as private.
 */
export function isPrivateAddress(ip: string): boolean {
  // A zone index (fe80::1%eth0) only names the interface.
  const address = ip.replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
