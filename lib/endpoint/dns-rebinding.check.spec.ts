import { checkDnsRebinding, hostnameOf, isLoopbackAddress } from './dns-rebinding.check.js';

describe('checkDnsRebinding', () => {
  const open = { allowedOrigins: [] as string[] };

  it('requires a loopback Host on a loopback listener', () => {
    expect(checkDnsRebinding(open, { host: 'localhost:3000' }, '127.0.0.1')).toBeUndefined();
    expect(checkDnsRebinding(open, { host: '[::1]:3000' }, '::1')).toBeUndefined();
    expect(checkDnsRebinding(open, { host: '127.0.0.2' }, '::ffff:127.0.0.1')).toBeUndefined();
    expect(checkDnsRebinding(open, { host: 'evil.example.com' }, '127.0.0.1')).toContain('allowedHosts');
    expect(checkDnsRebinding(open, { host: 'evil.example.com' }, '10.0.0.5')).toBeUndefined();
  });

  it('checks allowedHosts by host:port or hostname', () => {
    const policy = { allowedOrigins: [], allowedHosts: ['api.example.com', 'other.example.com:8443'] };
    expect(checkDnsRebinding(policy, { host: 'api.example.com:443' }, '10.0.0.5')).toBeUndefined();
    expect(checkDnsRebinding(policy, { host: 'other.example.com:8443' }, '10.0.0.5')).toBeUndefined();
    expect(checkDnsRebinding(policy, { host: 'localhost' }, '127.0.0.1')).toBeDefined();
  });

  it('accepts same-origin and listed origins only', () => {
    expect(checkDnsRebinding(open, { host: 'localhost:3000', origin: 'http://localhost:3000' }, '127.0.0.1')).toBeUndefined();
    expect(checkDnsRebinding(open, { host: 'localhost:3000', origin: 'http://localhost:4000' }, '127.0.0.1')).toContain('allowedOrigins');
    expect(checkDnsRebinding({ allowedOrigins: ['http://localhost:4000'] }, { host: 'localhost:3000', origin: 'http://localhost:4000' }, '127.0.0.1')).toBeUndefined();
    expect(checkDnsRebinding({ allowedOrigins: ['*'] }, { host: 'localhost:3000', origin: 'null' }, '127.0.0.1')).toBeUndefined();
    expect(checkDnsRebinding(open, { host: 'localhost:3000', origin: 'null' }, '127.0.0.1')).toBeDefined();
  });

  it('parses hostnames and loopback addresses', () => {
    expect(hostnameOf('[::1]:80')).toBe('[::1]');
    expect(hostnameOf('Example.COM:80')).toBe('example.com');
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('192.168.1.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
