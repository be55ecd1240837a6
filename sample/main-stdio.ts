import 'reflect-metadata';
import { UnauthorizedException, ValidationPipe } from '@nestjs/common';
import { McpStdio } from 'nestjs-mcp/stdio';
import { AppModule } from './app.module.js';
import { sampleCallerOf } from './auth/sample-caller.js';

/**
 * Serves the notes app over stdio, for desktop clients that start MCP servers as a command. No HTTP listener;
 * logs go to stderr. The caller is known from the environment: NOTES_API_KEY (or NOTES_TOKEN, a bearer token)
 * becomes a header, and the same function the HTTP guard uses turns it into the principal whose scopes are checked.
 */
await McpStdio.serve(AppModule, {
  headers: {
    'x-api-key': process.env.NOTES_API_KEY,
    authorization: process.env.NOTES_TOKEN && `Bearer ${process.env.NOTES_TOKEN}`,
  },
  principal: ({ headers }) =>
    sampleCallerOf(headers).catch(() => {
      throw new UnauthorizedException('NOTES_TOKEN is invalid or has expired; get a new one with "npm run sample:token"');
    }),
  globalEnhancers: { pipes: [new ValidationPipe({ whitelist: true, transform: true })] },
});
