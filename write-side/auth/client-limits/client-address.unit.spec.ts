import { clientKeyOf } from './client-address';

describe('clientKeyOf', () => {
  it('keeps an IPv4 address, also one mapped into IPv6', () => {
    expect(clientKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one client, however it is spelled', () => {
    const keys = [
      '2001:db8:0:1::1',
      '2001:db8:0:1:ffff:ffff:ffff:ffff',
      '2001:0DB8:0000:0001:0:0:0:2',
      '2001:db8:0:1::3%eth0',
    ].map(clientKeyOf);
    expect(new Set(keys)).toEqual(new Set(['2001:db8:0:1::/64']));
    expect(clientKeyOf('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
  });
});
