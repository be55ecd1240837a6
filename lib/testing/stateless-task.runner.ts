import type { McpCallToolResult } from '../protocol/mcp-types.js';
import type { WireClientSetup, WireRequestOptions } from './wire-client.js';

const PROTOCOL_VERSION = '2026-07-28';
const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const NAME_PARAMS: Readonly<Record<string, string>> = { 'tools/call': 'name', 'tasks/get': 'taskId', 'tasks/update': 'taskId' };
const MAX_POLL_INTERVAL_MS = 250;

interface TaskState {
  resultType?: string;
  taskId?: string;
  status?: string;
  pollIntervalMs?: number;
  result?: McpCallToolResult;
  error?: { code: number; message: string };
  inputRequests?: Record<string, { method: string; params: Record<string, unknown> }>;
  [key: string]: unknown;
}

/**
 * Runs a tool as a task on the 2026-07-28 wire with the tasks extension (`io.modelcontextprotocol/tasks`), which the
 * official 2.x client does not drive: creates the task, answers its input requests with the elicitation and
 * sampling handlers (`tasks/update`), and polls `tasks/get` until it completes. A tool that the server runs inline
 * answers at once.
 */
export async function runStatelessTask(
  setup: WireClientSetup,
  params: Record<string, unknown>,
  options: WireRequestOptions,
): Promise<McpCallToolResult> {
  const deadline = Date.now() + options.timeout;
  const { onElicitation, onSampling, clientInfo } = setup.options;
  const meta = {
    'io.modelcontextprotocol/protocolVersion': PROTOCOL_VERSION,
    'io.modelcontextprotocol/clientCapabilities': {
      extensions: { [TASKS_EXTENSION]: {} },
      ...(onElicitation ? { elicitation: {} } : {}),
      ...(onSampling ? { sampling: {} } : {}),
    },
    'io.modelcontextprotocol/clientInfo': clientInfo ?? { name: 'nestjs-mcp-test-client', version: '1.0.0' },
  };
  let nextId = 1;
  const send = async (method: string, methodParams: Record<string, unknown>): Promise<TaskState> => {
    const nameParam = NAME_PARAMS[method];
    const response = await setup.fetch(setup.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': PROTOCOL_VERSION,
        'mcp-method': method,
        ...(nameParam ? { 'mcp-name': String(methodParams[nameParam]) } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: { ...methodParams, _meta: meta } }),
      signal: AbortSignal.timeout(Math.max(deadline - Date.now(), 1)),
    });
    const message = lastResponse(await response.text(), response.headers.get('content-type'));
    if (message.error) {
      throw new Error(`${method} failed with ${message.error.code}: ${message.error.message}`);
    }
    return message.result ?? {};
  };

  let state = await send('tools/call', params);
  if (state.resultType !== 'task') {
    return state as McpCallToolResult;
  }
  const taskId = state.taskId!;
  const interval = Math.min(state.pollIntervalMs ?? MAX_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS);
  for (;;) {
    state = await send('tasks/get', { taskId });
    if (state.status === 'completed') return state.result!;
    if (state.status === 'failed') throw new Error(`Task "${taskId}" failed with ${state.error?.code}: ${state.error?.message}`);
    if (state.status === 'cancelled') throw new Error(`Task "${taskId}" was cancelled.`);
    if (state.status === 'input_required' && state.inputRequests && Object.keys(state.inputRequests).length > 0) {
      const inputResponses: Record<string, unknown> = {};
      for (const [key, request] of Object.entries(state.inputRequests)) {
        inputResponses[key] = await answer(setup, request);
      }
      await send('tasks/update', { taskId, inputResponses });
      continue;
    }
    if (Date.now() + interval > deadline) {
      throw new Error(`Task "${taskId}" did not finish within ${options.timeout} ms (last status "${state.status}").`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

async function answer(setup: WireClientSetup, request: { method: string; params: Record<string, unknown> }): Promise<unknown> {
  const { onElicitation, onSampling } = setup.options;
  if (request.method === 'elicitation/create' && onElicitation) return onElicitation(request.params as never);
  if (request.method === 'sampling/createMessage' && onSampling) return onSampling(request.params);
  throw new Error(`The task asked for "${request.method}"; give McpTestClient a handler for it (onElicitation, onSampling).`);
}

/** The JSON-RPC response in a JSON or SSE body (the last message that carries a result or an error). */
function lastResponse(text: string, contentType: string | null): { result?: TaskState; error?: { code: number; message: string } } {
  if (!contentType?.includes('text/event-stream')) {
    return JSON.parse(text);
  }
  const messages = text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join(''))
    .filter((data) => data)
    .map((data) => JSON.parse(data) as { result?: TaskState; error?: { code: number; message: string } });
  return messages.reverse().find((message) => message.result || message.error) ?? {};
}
