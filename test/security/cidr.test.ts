import { IpVersion, parseCidr } from '../../lib/core/cidr';

describe('parseCidr', () => {
  test.each([
    ['192.0.2.0/24', IpVersion.IPV4],
    ['203.0.113.7/32', IpVersion.IPV4],
    ['0.0.0.0/1', IpVersion.IPV4],
    ['128.0.0.0/1', IpVersion.IPV4],
    ['2001:db8::/32', IpVersion.IPV6],
    ['2001:DB8:0:0:0:0:0:1/128', IpVersion.IPV6],
    ['::1/128', IpVersion.IPV6],
    ['::/1', IpVersion.IPV6],
    ['fe80::/10', IpVersion.IPV6],
    ['::ffff:192.0.2.1/128', IpVersion.IPV6],
    ['64:ff9b::/96', IpVersion.IPV6],
  ])('accepts %s', (cidr, version) => {
    expect(parseCidr(cidr)).toEqual({ version });
  });

  test.each([
    ['192.0.2.0', /form address\/prefix-length/],
    ['192.0.2.0/24/1', /form address\/prefix-length/],
    ['192.0.2.0/0', /prefix length must be an integer from 1 to 32 for IPv4/],
    ['192.0.2.0/33', /from 1 to 32 for IPv4/],
    ['192.0.2.0/2a', /from 1 to 32 for IPv4/],
    ['2001:db8::/129', /from 1 to 128 for IPv6/],
    ['256.0.0.0/8', /not a valid IPv4 address/],
    ['192.0.2/24', /not a valid IPv4 address/],
    ['192.0.02.0/24', /not a valid IPv4 address/],
    ['192.0.2.0 /24', /not a valid IPv4 address/],
    ['2001:db8::1::/64', /not a valid IPv6 address/],
    ['2001:db8:0:0:0:0:0:0:1/128', /not a valid IPv6 address/],
    ['2001:db8:0:0:0:0:0/112', /not a valid IPv6 address/],
    ['2001:db8::g/128', /not a valid IPv6 address/],
    ['12345::/16', /not a valid IPv6 address/],
    ['::ffff:192.0.2.256/128', /not a valid IPv6 address/],
    [':1::/64', /not a valid IPv6 address/],
  ])('rejects %s', (cidr, problem) => {
    const result = parseCidr(cidr);
    expect(result.version).toBeUndefined();
    expect(result.problem).toMatch(problem);
  });

  test.each([
    ['10.0.0.1/8', '10.0.0.0/8'],
    ['192.0.2.130/25', '192.0.2.128/25'],
    ['2001:db8::1/32', '2001:db8::/32'],
    ['2001:db8:1:2:3:4:5:6/64', '2001:db8:1:2::/64'],
    ['2001:0:0:1:0:0:0:1/48', '2001::/48'],
  ])('rejects host bits in %s and names %s', (cidr, network) => {
    expect(parseCidr(cidr).problem).toContain(`write the network address ${network}`);
  });
});
