import { Body, Param, Query } from '@nestjs/common';
import * as nestCommon from '@nestjs/common/internal';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  PARAMTYPES_METADATA,
  recordParamArg,
  REDIRECT_METADATA,
  ROUTE_ARGS_METADATA,
  RouteParamtypes,
  SSE_METADATA,
} from './nest-route-args.js';

describe('Nest route-argument metadata copy', () => {
  it('uses the metadata keys of the installed Nest', () => {
    expect(ROUTE_ARGS_METADATA).toBe(nestCommon.ROUTE_ARGS_METADATA);
    expect(CUSTOM_ROUTE_ARGS_METADATA).toBe(nestCommon.CUSTOM_ROUTE_ARGS_METADATA);
    expect(PARAMTYPES_METADATA).toBe(nestCommon.PARAMTYPES_METADATA);
    expect(REDIRECT_METADATA).toBe(nestCommon.REDIRECT_METADATA);
    expect(SSE_METADATA).toBe(nestCommon.SSE_METADATA);
  });

  it('numbers every parameter type as the installed Nest does', () => {
    const nestTypes = Object.entries(nestCommon.RouteParamtypes).filter(([, value]) => typeof value === 'number');
    expect(nestTypes.length).toBeGreaterThan(10);
    for (const [name, value] of nestTypes) {
      expect(RouteParamtypes[name as keyof typeof RouteParamtypes]).toBe(value);
    }
  });

  it('records an argument beside Nest decorators in the shape Nest reads', () => {
    class Host {
      handle(_id: string, _body: unknown, _extra: unknown, _page: number): void {}
    }
    Param('id')(Host.prototype, 'handle', 0);
    Body()(Host.prototype, 'handle', 1);
    recordParamArg(Host.prototype, 'handle', 2, 1001, undefined, ['pipe']);
    Query('page')(Host.prototype, 'handle', 3);
    const record = Reflect.getMetadata(ROUTE_ARGS_METADATA, Host, 'handle');
    expect(Object.keys(record).sort()).toEqual(['1001:2', '3:1', '4:3', '5:0']);
    expect(record['1001:2']).toEqual({ index: 2, data: undefined, pipes: ['pipe'] });
  });

  it('lets an override replace the decorator it inherited at the same index', () => {
    class Base {
      handle(_value: unknown): void {}
    }
    recordParamArg(Base.prototype, 'handle', 0, RouteParamtypes.BODY, undefined);
    class Derived extends Base {
      override handle(_value: unknown): void {}
    }
    recordParamArg(Derived.prototype, 'handle', 0, 1002, undefined);
    expect(Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, Derived, 'handle'))).toEqual(['1002:0']);
  });
});
