import { decodeParamHeader, mirroredParams, validateParamHeaders } from './mcp-param-headers.js';

describe('Mcp-Param headers', () => {
  it('decodes strict base64 sentinels and takes anything else literally', () => {
    expect(decodeParamHeader('=?base64?SGVsbG8=?=')).toBe('Hello');
    expect(decodeParamHeader('=?base64?SGVsbG8?=')).toBeUndefined();
    expect(decodeParamHeader('=?base64?SGVs!!!bG8=?=')).toBeUndefined();
    expect(decodeParamHeader('SGVsbG8=')).toBe('SGVsbG8=');
    expect(decodeParamHeader('=?base64?SGVsbG8=')).toBe('=?base64?SGVsbG8=');
  });

  it('finds mirrored arguments and validates them', () => {
    const mirrored = mirroredParams({ type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, other: { type: 'string' } } });
    expect(mirrored).toEqual([['region', 'Region']]);
    expect(() => validateParamHeaders({ 'mcp-param-region': 'eu' }, mirrored, { region: 'eu' })).not.toThrow();
    expect(() => validateParamHeaders({}, mirrored, {})).not.toThrow();
    expect(() => validateParamHeaders({}, mirrored, { region: 'eu' })).toThrow('required');
    expect(() => validateParamHeaders({ 'mcp-param-region': 'us' }, mirrored, { region: 'eu' })).toThrow('does not match');
  });
});
