import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotesModule } from './notes/notes.module.js';

@Module({
  imports: [
    McpModule.forRoot({
      name: 'notes-sample',
      version: '1.0.0',
      instructions:
        'A notes service. List or search notes before reading one; creating, updating and deleting need an API key. ' +
        'The skill skill://note-taking/SKILL.md explains how to keep notes tidy.',
      // Built to sample/dist/, the skills stay in sample/skills/.
      skills: { directory: join(dirname(fileURLToPath(import.meta.url)), '..', 'skills') },
    }),
    NotesModule,
  ],
})
export class AppModule {}
