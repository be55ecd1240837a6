/** The parts of an OpenAPI document the server reads. */
export interface McpOpenApiInfo {
  title?: string;
  version?: string;
}

/** The `info.title` and `info.version` of an OpenAPI document, when they are non-empty strings. */
export function readOpenApiInfo(document: object): McpOpenApiInfo {
  const info = (document as { info?: { title?: unknown; version?: unknown } }).info;
  return {
    title: typeof info?.title === 'string' && info.title !== '' ? info.title : undefined,
    version: typeof info?.version === 'string' && info.version !== '' ? info.version : undefined,
  };
}

/** Whether a value looks like an OpenAPI (or Swagger 2) document. */
export function isOpenApiDocument(value: unknown): value is object {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const document = value as { openapi?: unknown; swagger?: unknown };
  return typeof document.openapi === 'string' || typeof document.swagger === 'string';
}
