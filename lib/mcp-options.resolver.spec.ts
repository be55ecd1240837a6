import { McpOptionsError } from './errors/mcp-options.error.js';
import { resolveMcpOptions } from './mcp-options.resolver.js';

describe('resolveMcpOptions', () => {
  it('reports every invalid option at once, each by name', () => {
    let thrown: unknown;
    try {
      resolveMcpOptions(
        {
          pageSize: 0,
          maxBodyBytes: Number.NaN,
          streams: { keepAliveMs: -1 },
          caching: { listTtlMs: 1.5, readScope: 'everyone' as never },
          allowedOrigins: 'https://app.example' as never,
          name: 42 as never,
        },
        'mcp',
        {},
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(McpOptionsError);
    const { problems, message } = thrown as McpOptionsError;
    expect(problems).toEqual([
      '"allowedOrigins" must be an array of strings; got "https://app.example".',
      '"name" must be a string; got 42.',
      '"maxBodyBytes" must be a positive number; got NaN.',
      '"pageSize" must be a positive number; got 0.',
      '"streams.keepAliveMs" must be a positive number; got -1.',
      '"caching.listTtlMs" must be a whole number of milliseconds, 0 or more; got 1.5.',
      '"caching.readScope" must be "public" or "private"; got "everyone".',
    ]);
    expect(message).toMatch(/^Invalid McpModule options; fix each of these:\n {2}- "allowedOrigins"/);
  });

  it('rejects a number given as a string instead of coercing it', () => {
    expect(() => resolveMcpOptions({ pageSize: '10' as never }, 'mcp', {})).toThrow('"pageSize" must be a positive number; got 10.');
  });

  it('applies the defaults when every option is valid', () => {
    const resolved = resolveMcpOptions({ pageSize: 5 }, '/tools/mcp/', { name: 'app', version: '2.0.0' });
    expect(resolved).toMatchObject({ name: 'app', version: '2.0.0', path: 'tools/mcp', pageSize: 5, allowedOrigins: [] });
  });
});
