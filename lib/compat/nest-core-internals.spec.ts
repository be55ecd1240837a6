import * as nestCore from '@nestjs/core/internal';
import { Injector, REQUEST_CONTEXT_ID } from './nest-core-internals.js';

describe('Nest core internals loaded by path', () => {
  it('are the very objects the installed Nest uses', () => {
    expect(Injector).toBe(nestCore.Injector);
    expect(REQUEST_CONTEXT_ID).toBe(nestCore.REQUEST_CONTEXT_ID);
  });
});
