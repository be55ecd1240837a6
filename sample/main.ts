import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { McpRegistry } from 'nestjs-mcp';
import { AppModule } from './app.module.js';

/** Serves the notes API over HTTP and MCP on 127.0.0.1 (port from PORT, default 3000). */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.enableShutdownHooks();
  const config = new DocumentBuilder().setTitle('Notes API').setVersion('1.0.0').addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }).build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document);
  // The same document, for agents: the resource openapi://document.
  app.get(McpRegistry).setOpenApiDocument(document);
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  console.log(`Notes API:  http://127.0.0.1:${port}/notes   (OpenAPI UI at /docs)`);
  console.log(`MCP server: http://127.0.0.1:${port}/mcp   (write tools need the header x-api-key: ${process.env.API_KEY ?? 'sample-key'},`);
  console.log('            or Authorization: Bearer <token> with the notes:write scope: npm run sample:token -- alice notes:write)');
}

void bootstrap();
