import type { McpInputRequest, McpRequestChannel } from '../../context/mcp-request-channel.js';
import { McpInputRequiredSignal } from '../../errors/mcp-input-required.signal.js';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import { isValidAnswer } from '../../context/input-answers.js';
import type { LazySseStream } from './lazy-sse-stream.js';
import type { RequestStateCodec } from './request-state.codec.js';

/**
 * The stateless wire's channel for one round of a request. Notifications go on the request's own SSE answer (and
 * are dropped when the client accepts only JSON). Server-to-client requests never travel: an answered input
 * (from this round's `inputResponses` or an earlier round's `requestState`) returns at once; an unanswered one
 * is recorded and unwinds the handler, and the round ends with an input-required result.
 */
export class StatelessRequestChannel implements McpRequestChannel {
  private readonly pending: Record<string, McpInputRequest> = {};
  private readonly consumed: Record<string, unknown> = {};

  constructor(
    private readonly answers: Readonly<Record<string, unknown>>,
    private readonly codec: RequestStateCodec,
    private readonly binding: () => string,
    private readonly stream?: LazySseStream,
  ) {}

  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    await this.stream?.send({ jsonrpc: '2.0', method, params });
  }

  async request(method: string, params: Record<string, unknown>, _signal: AbortSignal, key: string): Promise<Record<string, unknown>> {
    const answer = this.answers[key];
    if (isValidAnswer(method, answer)) {
      this.consumed[key] = answer;
      return answer;
    }
    this.pending[key] = { method, params };
    throw new McpInputRequiredSignal(key);
  }

  async closeStream(): Promise<void> {}

  missingCapability(capability: string, call: string): Error {
    return new McpProtocolError(
      JsonRpcErrorCode.MISSING_CLIENT_CAPABILITY,
      `ctx.${call}() needs the "${capability}" client capability; declare it in params._meta["io.modelcontextprotocol/clientCapabilities"].`,
      { requiredCapabilities: { [capability]: {} } },
      'rejected',
    );
  }

  /** The input-required result of this round, when the handler asked for input it has not received. */
  inputRequiredResult(): Record<string, unknown> | undefined {
    if (Object.keys(this.pending).length === 0) return undefined;
    return {
      resultType: 'input_required',
      inputRequests: { ...this.pending },
      requestState: this.codec.seal(this.binding(), { answers: this.consumed }),
    };
  }
}
