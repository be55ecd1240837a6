import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { McpResource, McpTool } from 'nestjs-mcp';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { CreateNoteDto } from './dto/create-note.dto.js';
import { UpdateNoteDto } from './dto/update-note.dto.js';
import type { Note } from './note.js';
import { NotesService } from './notes.service.js';

/** The notes REST API. Each decorated route is also an MCP tool or resource, through the same pipeline. */
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @McpTool({ name: 'list_notes', description: 'Lists notes, optionally only those with a tag', annotations: { readOnlyHint: true } })
  list(@Query('tag') tag?: string): Note[] {
    return this.notes.list(tag);
  }

  @Get(':id')
  @McpTool({ name: 'get_note', description: 'Reads one note', annotations: { readOnlyHint: true } })
  @McpResource({ uriTemplate: 'notes://notes/{id}', name: 'note', description: 'A note as JSON', mimeType: 'application/json' })
  get(@Param('id', ParseUUIDPipe) id: string): Note {
    return this.notes.get(id);
  }

  @Post()
  @UseGuards(ApiKeyGuard)
  @McpTool({ name: 'create_note', scopes: ['notes:write'], description: 'Creates a note', annotations: { destructiveHint: false } })
  create(@Body() dto: CreateNoteDto): Note {
    return this.notes.create(dto);
  }

  @Patch(':id')
  @UseGuards(ApiKeyGuard)
  @McpTool({ name: 'update_note', scopes: ['notes:write'], description: 'Changes a note', annotations: { destructiveHint: false, idempotentHint: true } })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateNoteDto): Note {
    return this.notes.update(id, dto);
  }

  @Delete(':id')
  @UseGuards(ApiKeyGuard)
  @McpTool({ name: 'delete_note', scopes: ['notes:write'], description: 'Deletes a note', annotations: { destructiveHint: true, idempotentHint: true } })
  remove(@Param('id', ParseUUIDPipe) id: string): { deleted: string } {
    return this.notes.remove(id);
  }
}
