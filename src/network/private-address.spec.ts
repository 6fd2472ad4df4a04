import { isPrivateAddress, isPrivateHost } from './private-address.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'IPv4-mapped link-local, written out'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::127.0.0.1', 'NAT64 of loopback, dotted'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b:1::7f00:1', 'local-use NAT64'],
    ['::ffff:0:7f00:1', 'IPv4-translated (SIIT) loopback'],
    ['::ffff:0:808:808', 'IPv4-translated (SIIT), any host'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:808:808::1', '6to4, any host'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo'],
    ['2001:2::1', 'benchmarking'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['100::1', 'discard-only'],
    ['5f00::1', 'SRv6 identifier'],
    ['fec0::1', 'site-local'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['198.19.255.255', 'benchmarking'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['::ffff:100.64.0.1', 'IPv4-mapped carrier-grade NAT'],
    ['localhost', 'not an address at all'],
  ])('%s is refused (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    ['8.8.8.8'],
    ['1.1.1.1'],
    ['172.32.0.1'],
    ['100.128.0.1'],
    ['192.169.0.1'],
    ['2001:4860:4860::8888'],
    ['2a00:1450:4001:80b::200e'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
  ])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('isPrivateHost', () => {
  it.each([['localhost'], ['LOCALHOST.'], ['api.localhost'], ['127.0.0.1'], ['[::1]'], ['[::ffff:7f00:1]'], ['[64:ff9b::7f00:1]'], ['[2002:7f00:1::1]']])(
    '%s is refused as written',
    (host) => {
      expect(isPrivateHost(host)).toBe(true);
    },
  );

  it.each([['hooks.example.org'], ['8.8.8.8'], ['[2001:4860:4860::8888]'], ['[64:ff9b::808:808]']])('%s passes as written (a name is checked once resolved)', (host) => {
    expect(isPrivateHost(host)).toBe(false);
  });
});
