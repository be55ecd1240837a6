import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
        'A notes service. List or search notes before reading one; creating, updating and deleting need an API key. ' +
        'The skill skill://note-taking/SKILL.md explains how to keep notes tidy.',
      skills: { directory: SKILLS_DIRECTORY },
    }),
    NotesModule,
  ],
})
export class AppModule {}
