import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SampleAuthGuard } from './auth/sample-auth.guard.js';
import { NotesModule } from './notes/notes.module.js';

/** sample/skills/, whether this file runs built (from sample/dist/) or from source (stdio tests run it with swc). */
const here = dirname(fileURLToPath(import.meta.url));
const SKILLS_DIRECTORY = join(here.endsWith('dist') ? dirname(here) : here, 'skills');

@Module({
  imports: [
    McpModule.forRoot({
      name: 'notes-sample',
      version: '1.0.0',
      instructions:
        'A notes service. List or search notes before reading one; creating, updating and deleting need an API key or a token with the notes:write scope. ' +
        'The skill skill://note-taking/SKILL.md explains how to keep notes tidy.',
      skills: { directory: SKILLS_DIRECTORY },
      // Who is calling: an API key or a bearer token (see sample/auth/). Write tools need the notes:write scope.
      guards: [SampleAuthGuard],
      // Bearer-token mode (MCP_AUTH=bearer): OAuth protected resource metadata and 401/403 challenges, so MCP
      // clients know where to get a token. Tokens for a demo: npm run sample:token -- alice notes:write
      ...(process.env.MCP_AUTH === 'bearer'
        ? {
            auth: {
              authorizationServers: [process.env.AUTH_ISSUER ?? 'https://auth.example.com'],
              scopesSupported: ['notes:write'],
              resourceName: 'Notes sample',
              allowAnonymous: true,
            },
          }
        : {}),
    }),
    NotesModule,
  ],
})
export class AppModule {}
