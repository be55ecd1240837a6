/** Raw helpers for the stateless (2026-07-28) wire. */

export const STATELESS_VERSION = '2026-07-28';

/** A `_meta` with the required keys; `capabilities` default to none. */
export function statelessMeta(capabilities: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    'io.modelcontextprotocol/protocolVersion': STATELESS_VERSION,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    'io.modelcontextprotocol/clientInfo': { name: 'raw-stateless', version: '1.0.0' },
    ...extra,
  };
}

const NAME_PARAM: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** The standard headers of a stateless request for `method` and `params`. */
export function statelessHeaders(method: string, params: Record<string, unknown> = {}): Record<string, string> {
  const nameParam = NAME_PARAM[method];
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': STATELESS_VERSION,
    'mcp-method': method,
    ...(nameParam && typeof params[nameParam] === 'string' ? { 'mcp-name': params[nameParam] as string } : {}),
  };
}

/** Sends one stateless request with correct headers and `_meta` unless overridden. */
export async function statelessRequest(
  url: URL,
  method: string,
  params: Record<string, unknown> = {},
  options: { capabilities?: Record<string, unknown>; headers?: Record<string, string | undefined>; id?: number; meta?: Record<string, unknown> | null } = {},
): Promise<{ status: number; body: any; contentType: string | null; text: string }> {
  const meta = options.meta === null ? undefined : (options.meta ?? statelessMeta(options.capabilities));
  const fullParams = { ...params, ...(meta ? { _meta: { ...meta, ...(params._meta as object | undefined) } } : {}) };
  const headers = Object.fromEntries(
    Object.entries({ ...statelessHeaders(method, params), ...options.headers }).filter(([, value]) => value !== undefined),
  ) as Record<string, string>;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', id: options.id ?? 1, method, params: fullParams }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  let body: unknown;
  if (contentType?.includes('text/event-stream')) {
    body = text
      .split('\n\n')
      .map((block) => block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join(''))
      .filter((data) => data)
      .map((data) => JSON.parse(data));
  } else {
    body = text ? JSON.parse(text) : undefined;
  }
  return { status: response.status, body, contentType, text };
}
