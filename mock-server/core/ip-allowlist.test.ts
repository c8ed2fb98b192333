import { describe, expect, it } from 'vitest';
import { isAllowed, isAllowlistEntry, isLoopback } from './ip-allowlist.js';

describe('IP allowlist', () => {
  it('accepts one IPv4 address or CIDR range as an entry', () => {
    for (const entry of ['203.0.113.42', '203.0.113.0/24', '0.0.0.0/0', '10.0.0.1/32']) expect(isAllowlistEntry(entry), entry).toBe(true);
    for (const entry of ['203.0.113.256', '203.0.113.0/33', '2001:db8::/32', '10.0.0.1/8/8', '10.0.0.1,10.0.0.2', '']) expect(isAllowlistEntry(entry), entry).toBe(false);
  });

  it('allows everything without an entry, the address itself, or addresses inside the range', () => {
    expect(isAllowed(null, '198.51.100.7')).toBe(true);
    expect(isAllowed('203.0.113.42', '203.0.113.42')).toBe(true);
    expect(isAllowed('203.0.113.42', '203.0.113.43')).toBe(false);
    expect(isAllowed('203.0.113.0/24', '::ffff:203.0.113.200')).toBe(true);
    expect(isAllowed('203.0.113.0/24', '203.0.114.1')).toBe(false);
    expect(isAllowed('0.0.0.0/0', '::1')).toBe(false);
  });

  it('recognises loopback clients', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2'].some(isLoopback)).toBe(false);
  });
});
