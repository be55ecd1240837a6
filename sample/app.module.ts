import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { NotesModule } from './notes/notes.module.js';

@Module({
  imports: [
    McpModule.forRoot({
      name: 'notes-sample',
      version: '1.0.0',
      instructions: 'A notes service. List or search notes before reading one; creating, updating and deleting need an API key.',
    }),
    NotesModule,
  ],
})
export class AppModule {}
