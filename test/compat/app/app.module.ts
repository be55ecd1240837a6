import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { ApiKeyGuard, NotesController, NotesService } from './notes.controller.js';

@Module({
  imports: [McpModule.forRoot({ name: 'compat-notes', version: '1.0.0' })],
  controllers: [NotesController],
  providers: [ApiKeyGuard, NotesService],
})
export class AppModule {}
