import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { JsonRpcErrorCode, McpArgs, McpContext, McpCtx, McpProtocolError, McpTool } from 'nestjs-mcp';

/**
 * Tools of the tasks extension scenarios. `taskSupport` decides whether a call may (or must) run as a task; the
 * handlers are ordinary async methods that wait on `ctx.signal`, so cancelling the task stops them.
 */
@Injectable()
export class TaskToolsService {
  @McpTool({
    name: 'greet',
    description: 'Greets someone at once (never a task)',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  })
  greet(@McpArgs() args: { name: string }): string {
    return `Hello, ${args.name}!`;
  }

  @McpTool({
    name: 'slow_compute',
    description: 'Works for the given number of seconds; runs as a task when the client supports tasks',
    inputSchema: {
      type: 'object',
      properties: { seconds: { type: 'number', minimum: 0 }, label: { type: 'string' } },
      required: ['seconds'],
    },
    taskSupport: 'optional',
  })
  async slowCompute(@McpArgs() args: { seconds: number; label?: string }, @McpCtx() ctx: McpContext): Promise<string> {
    await sleep(Math.max(0, args.seconds) * 1000, undefined, { signal: ctx.signal });
    return `Computed ${args.label ?? 'result'} in ${args.seconds} s`;
  }

  /** A tool error inside a task: the task completes with an `isError` result. */
  @McpTool({ name: 'failing_job', description: 'Runs as a task and ends with a tool error', taskSupport: 'required' })
  async failingJob(@McpCtx() ctx: McpContext): Promise<never> {
    await sleep(1000, undefined, { signal: ctx.signal });
    throw new Error('The job failed: the input could not be processed');
  }

  /** A protocol error inside a task: the task fails with that error. */
  @McpTool({ name: 'protocol_error_job', description: 'Runs as a task and ends with a protocol error', taskSupport: 'required' })
  async protocolErrorJob(@McpCtx() ctx: McpContext): Promise<never> {
    await sleep(500, undefined, { signal: ctx.signal });
    throw new McpProtocolError(JsonRpcErrorCode.INTERNAL_ERROR, 'The job failed with a protocol error');
  }

  /** Waits for a confirmation inside the task: the task is `input_required` until the client answers. */
  @McpTool({
    name: 'confirm_delete',
    description: 'Asks for a confirmation before deleting a file',
    inputSchema: { type: 'object', properties: { filename: { type: 'string' } }, required: ['filename'] },
    taskSupport: 'required',
  })
  async confirmDelete(@McpArgs() args: { filename: string }, @McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit(`Delete "${args.filename}"?`, {
      type: 'object',
      properties: { confirm: { type: 'boolean' } },
      required: ['confirm'],
    });
    const confirmed = answer.action === 'accept' && answer.content?.confirm === true;
    return confirmed ? `Deleted ${args.filename}` : `Kept ${args.filename}`;
  }

  /** Asks two questions at once: the task waits for both, answered together or one by one. */
  @McpTool({ name: 'multi_input', description: 'Asks for a name and a colour at once', taskSupport: 'required' })
  async multiInput(@McpCtx() ctx: McpContext): Promise<string> {
    const [name, color] = await Promise.all([
      ctx.elicit('What is your name?', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }),
      ctx.elicit('What is your favourite colour?', { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] }),
    ]);
    return `${String(name.content?.name)} likes ${String(color.content?.color)}`;
  }

  /** Asks for a name in ordinary rounds, then becomes a task (`taskStart: 'manual'`). */
  @McpTool({
    name: 'test_tool_with_task',
    description: 'Asks for a name, then finishes the work as a task',
    taskSupport: 'required',
    taskStart: 'manual',
  })
  async toolWithTask(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('What is your name?', {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
    await ctx.startTask();
    await sleep(200, undefined, { signal: ctx.signal });
    return `Task finished for ${String(answer.content?.name)}`;
  }
}
