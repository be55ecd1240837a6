import 'reflect-metadata';
import { Body, createParamDecorator, Headers, Param, ParseIntPipe, Query, Req } from '@nestjs/common';
import { RouteParamtypes } from '../compat/nest-route-args.js';
import { McpArgs } from '../decorators/mcp-args.decorator.js';
import { McpCtx } from '../decorators/mcp-ctx.decorator.js';
import { McpParamtype } from '../mcp.constants.js';
import { describeParameter, readRouteParameters } from './route-parameters.reader.js';

const CurrentUser = createParamDecorator(() => 'user');

class BodyDto {}

class SampleController {
  handle(
    @Req() request: unknown,
    @Body() body: BodyDto,
    @CurrentUser() user: string,
    @Param('id', ParseIntPipe) id: number,
    @Headers('x-trace') trace: string,
    @Query('page') page: number,
    @McpCtx() context: unknown,
    undecorated: string,
  ) {
    return [request, body, user, id, trace, page, context, undecorated];
  }

  provided(@McpArgs() args: BodyDto) {
    return args;
  }

  bare() {
    return undefined;
  }
}

describe('readRouteParameters', () => {
  it('lists decorated parameters in signature order, without custom decorators', () => {
    const parameters = readRouteParameters(SampleController, 'handle');
    expect(parameters.map(({ index, paramtype, data, designType }) => [index, paramtype, data, designType])).toEqual([
      [0, RouteParamtypes.REQUEST, undefined, Object],
      [1, RouteParamtypes.BODY, undefined, BodyDto],
      [3, RouteParamtypes.PARAM, 'id', Number],
      [4, RouteParamtypes.HEADERS, 'x-trace', String],
      [5, RouteParamtypes.QUERY, 'page', Number],
      [6, McpParamtype.CONTEXT, undefined, Object],
    ]);
    expect(parameters[2].pipes).toEqual([ParseIntPipe]);
    expect(parameters[0].pipes).toEqual([]);
  });

  it('reads @McpArgs() parameters', () => {
    expect(readRouteParameters(SampleController, 'provided')).toEqual([
      expect.objectContaining({ index: 0, paramtype: McpParamtype.ARGS, designType: BodyDto }),
    ]);
  });

  it('returns nothing for a method without parameter decorators', () => {
    expect(readRouteParameters(SampleController, 'bare')).toEqual([]);
  });
});

describe('describeParameter', () => {
  it('names the position, the decorator and its argument', () => {
    const [, body, id] = readRouteParameters(SampleController, 'handle');
    expect(describeParameter(id, 'Param')).toBe('parameter 3 (@Param("id"))');
    expect(describeParameter(body, 'Body')).toBe('parameter 1 (@Body())');
  });
});
