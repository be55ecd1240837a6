import { Injectable } from '@nestjs/common';
import { McpContext, McpCtx, McpPrompt, McpTool, type McpElicitationSchema, type McpGetPromptResult } from 'nestjs-mcp';

const NAME_FORM: McpElicitationSchema = {
  type: 'object',
  properties: { name: { type: 'string', description: 'Your name' } },
  required: ['name'],
};

/**
 * Tools (and a prompt) that ask the client for input with `ctx.elicit()`, `ctx.sample()` and `ctx.listRoots()`.
 * On the 2026-07-28 wire each unanswered question ends the round with an input-required result, and the client's
 * retry runs the handler again with the answers; on 2025-11-25 the same calls are requests on the SSE stream.
 */
@Injectable()
export class InputRequiredToolsService {
  @McpTool({ name: 'test_input_required_result_elicitation', description: "Asks for the user's name" })
  async elicitation(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('What is your name?', NAME_FORM, { key: 'user_name' });
    return `Hello, ${String(answer.content?.name ?? 'stranger')}! (action=${answer.action})`;
  }

  @McpTool({ name: 'test_input_required_result_sampling', description: "Asks the client's model a question" })
  async sampling(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
      maxTokens: 100,
    });
    return `Model answer: ${JSON.stringify(answer.content)}`;
  }

  @McpTool({ name: 'test_input_required_result_list_roots', description: "Lists the client's roots" })
  async listRoots(@McpCtx() ctx: McpContext): Promise<string> {
    const roots = await ctx.listRoots();
    return `Roots: ${roots.map((root) => root.uri).join(', ') || '(none)'}`;
  }

  @McpTool({ name: 'test_input_required_result_request_state', description: 'Asks for a confirmation across rounds' })
  async requestState(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('Confirm to continue', {
      type: 'object',
      properties: { ok: { type: 'boolean' } },
      required: ['ok'],
    });
    return answer.action === 'accept' && answer.content?.ok === true ? 'state-ok' : `state-not-ok (action=${answer.action})`;
  }

  /** Asks all three questions at once, so one round carries three input requests. */
  @McpTool({ name: 'test_input_required_result_multiple_inputs', description: 'Asks for a name, a model answer and the roots at once' })
  async multipleInputs(@McpCtx() ctx: McpContext): Promise<string> {
    const [name, sample, roots] = await Promise.all([
      ctx.elicit('What is your name?', NAME_FORM),
      ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }], maxTokens: 50 }),
      ctx.listRoots(),
    ]);
    return `Name: ${String(name.content?.name)}; model: ${JSON.stringify(sample.content)}; roots: ${roots.length}`;
  }

  /** Asks one question per round, so the request takes three rounds. */
  @McpTool({ name: 'test_input_required_result_multi_round', description: 'Asks for a name, then a colour' })
  async multiRound(@McpCtx() ctx: McpContext): Promise<string> {
    const name = await ctx.elicit('What is your name?', NAME_FORM);
    const color = await ctx.elicit('What is your favourite colour?', {
      type: 'object',
      properties: { color: { type: 'string' } },
      required: ['color'],
    });
    return `${String(name.content?.name)} likes ${String(color.content?.color)}`;
  }

  @McpTool({ name: 'test_input_required_result_tampered_state', description: 'Asks for a name; the round state is signed' })
  async tamperedState(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('What is your name?', NAME_FORM);
    return `Hello, ${String(answer.content?.name)}!`;
  }

  /** Asks only what the request's client capabilities allow. */
  @McpTool({ name: 'test_input_required_result_capabilities', description: 'Asks the client only for what it declared' })
  async capabilities(@McpCtx() ctx: McpContext): Promise<string> {
    const asked: Promise<unknown>[] = [];
    if (ctx.clientCapabilities.elicitation) asked.push(ctx.elicit('What is your name?', NAME_FORM));
    if (ctx.clientCapabilities.sampling) {
      asked.push(ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }], maxTokens: 50 }));
    }
    if (ctx.clientCapabilities.roots) asked.push(ctx.listRoots());
    const answers = await Promise.all(asked);
    return `Received ${answers.length} answer(s)`;
  }

  @McpPrompt({ name: 'test_input_required_result_prompt', description: 'A prompt that asks for its context first' })
  async prompt(@McpCtx() ctx: McpContext): Promise<McpGetPromptResult> {
    const answer = await ctx.elicit(
      'What context should the prompt use?',
      { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
      { key: 'user_context' },
    );
    const context = String(answer.content?.context ?? 'none');
    return { messages: [{ role: 'user', content: { type: 'text', text: `Use this context: ${context}` } }] };
  }
}
