import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';

/** What a `requestState` token carries between rounds of a multi-round request. */
export interface RequestStatePayload {
  /** The answers collected in earlier rounds, by input key. */
  readonly answers: Readonly<Record<string, unknown>>;
}

interface SealedPayload {
  /** Binding: a hash of the method, the target (tool/prompt name or URI) and the arguments. */
  b: string;
  /** Expiry, epoch milliseconds. */
  e: number;
  a: Record<string, unknown>;
}

/** A hash that ties a state to one method, target and set of arguments, and to the caller (a caller key). */
export function bindingOf(method: string, target: unknown, args: unknown, caller?: string): string {
  return createHash('sha256').update(canonicalJson([method, target ?? null, args ?? null, caller ?? null])).digest('base64url');
}

/**
 * The binding of a request, computed on first use: hashing the arguments costs a canonical copy and a SHA-256, and
 * only a request that opens or earns a `requestState` needs it.
 */
export function lazyBindingOf(method: string, target: unknown, args: unknown, caller?: string): () => string {
  let binding: string | undefined;
  return () => (binding ??= bindingOf(method, target, args, caller));
}

/**
 * Seals and opens `requestState` tokens: `base64url(payload).base64url(hmac)`, HMAC-SHA256 with the configured
 * secret, bound to the request (method, target, arguments) and to an expiry. Opening a token that was altered,
 * belongs to another request or has expired fails with -32602.
 */
export class RequestStateCodec {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  seal(binding: string, payload: RequestStatePayload): string {
    const sealed: SealedPayload = { b: binding, e: Date.now() + this.ttlMs, a: { ...payload.answers } };
    const body = Buffer.from(JSON.stringify(sealed)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  open(token: unknown, binding: string): RequestStatePayload {
    if (typeof token !== 'string') throw invalid('requestState must be the string the server returned.');
    const dot = token.indexOf('.');
    const body = token.slice(0, dot);
    const signature = token.slice(dot + 1);
    const expected = this.sign(body);
    if (dot <= 0 || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      throw invalid('requestState was altered or was not issued by this server. Retry the request without it.');
    }
    const sealed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SealedPayload;
    if (sealed.b !== binding) {
      throw invalid('requestState belongs to another request (method, name, arguments or caller differ). Retry without it.');
    }
    if (sealed.e < Date.now()) {
      throw invalid('requestState has expired. Retry the request without it to start over.');
    }
    return { answers: sealed.a };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function invalid(message: string): McpProtocolError {
  return McpProtocolError.invalidParams(message);
}

/**
 * JSON with object keys sorted, so equal arguments hash equally whatever their key order. Iterative, so arguments
 * nested deeper than the call stack allows hash like any others instead of throwing a `RangeError`.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const work: { raw?: string; value?: unknown }[] = [{ value }];
  while (work.length > 0) {
    const item = work.pop()!;
    if (item.raw !== undefined) {
      out.push(item.raw);
      continue;
    }
    const current = item.value;
    if (Array.isArray(current)) {
      work.push({ raw: ']' });
      for (let index = current.length - 1; index >= 0; index -= 1) {
        work.push({ value: current[index] });
        if (index > 0) work.push({ raw: ',' });
      }
      out.push('[');
    } else if (current && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
      work.push({ raw: '}' });
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        work.push({ value: record[keys[index]!] });
        work.push({ raw: `${index > 0 ? ',' : ''}${JSON.stringify(keys[index])}:` });
      }
      out.push('{');
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}
