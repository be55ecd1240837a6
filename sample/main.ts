import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/** Serves the notes API over HTTP and MCP on 127.0.0.1 (port from PORT, default 3000). */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  console.log(`Notes API:  http://127.0.0.1:${port}/notes`);
  console.log(`MCP server: http://127.0.0.1:${port}/mcp   (write tools need the header x-api-key: ${process.env.API_KEY ?? 'sample-key'})`);
}

void bootstrap();
