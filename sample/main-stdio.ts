import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { McpStdio } from 'nestjs-mcp/stdio';
import { AppModule } from './app.module.js';

/**
 * Serves the notes app over stdio, for desktop clients that start MCP servers as a command. No HTTP listener;
 * logs go to stderr. The write tools' guard reads the x-api-key header, filled here from NOTES_API_KEY.
 */
await McpStdio.serve(AppModule, {
  headers: { 'x-api-key': process.env.NOTES_API_KEY },
  globalEnhancers: { pipes: [new ValidationPipe({ whitelist: true, transform: true })] },
});
