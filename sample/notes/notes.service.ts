import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  McpArgs,
  McpCompletion,
  McpCtx,
  McpPrompt,
  McpRegistry,
  McpResource,
  McpTool,
  type McpCompletionContext,
  type McpContext,
} from 'nestjs-mcp';
import type { CreateNoteDto } from './dto/create-note.dto.js';
import { SearchNotesDto } from './dto/search-notes.dto.js';
import type { UpdateNoteDto } from './dto/update-note.dto.js';
import { NotePriority, type Note } from './note.js';

/** An in-memory notes store; it also hosts MCP handlers that have no HTTP route. */
@Injectable()
export class NotesService {
  private readonly notes = new Map<string, Note>();

  constructor(private readonly registry: McpRegistry) {
    this.create({ title: 'Welcome', body: 'This note was created when the sample started.', tags: ['sample'] });
  }

  list(tag?: string): Note[] {
    const all = [...this.notes.values()];
    return tag ? all.filter((note) => note.tags.includes(tag)) : all;
  }

  get(id: string): Note {
    const note = this.notes.get(id);
    if (!note) throw new NotFoundException(`Note "${id}" does not exist.`);
    return note;
  }

  create(dto: CreateNoteDto): Note {
    const now = new Date().toISOString();
    const note: Note = {
      id: randomUUID(),
      title: dto.title,
      body: dto.body,
      tags: dto.tags ?? [],
      priority: dto.priority ?? NotePriority.Normal,
      createdAt: now,
      updatedAt: now,
    };
    this.notes.set(note.id, note);
    this.registry.notifyResourceUpdated('notes://stats');
    return note;
  }

  update(id: string, dto: UpdateNoteDto): Note {
    const note = { ...this.get(id), ...dto, updatedAt: new Date().toISOString() };
    this.notes.set(id, note);
    this.registry.notifyResourceUpdated(`notes://notes/${id}`);
    return note;
  }

  remove(id: string): { deleted: string } {
    this.get(id);
    this.notes.delete(id);
    this.registry.notifyResourceUpdated('notes://stats');
    return { deleted: id };
  }

  @McpTool({ description: 'Searches notes by words in their title, body or tags', annotations: { readOnlyHint: true } })
  async search(@McpArgs() args: SearchNotesDto, @McpCtx() ctx: McpContext): Promise<Note[]> {
    const words = args.query.toLowerCase().split(/\s+/);
    const found = this.list().filter((note) =>
      words.every((word) => `${note.title} ${note.body ?? ''} ${note.tags.join(' ')}`.toLowerCase().includes(word)),
    );
    await ctx.log('debug', { query: args.query, found: found.length }, 'notes');
    return found.slice(0, args.limit ?? 10);
  }

  @McpTool({
    name: 'export_notes',
    description: 'Exports every note as Markdown or JSON, asking the user which format they want',
    annotations: { readOnlyHint: true },
  })
  async exportNotes(@McpCtx() ctx: McpContext): Promise<string> {
    const notes = this.list();
    const parts: Array<{ markdown: string; json: string }> = [];
    for (const [index, note] of notes.entries()) {
      parts.push({ markdown: `## ${note.title}\n\n${note.body ?? ''}`, json: JSON.stringify(note) });
      await ctx.reportProgress(index + 1, notes.length, `Prepared "${note.title}"`);
    }
    const answer = await ctx.elicit<{ format: string }>(`Export ${notes.length} notes as Markdown or as JSON?`, {
      type: 'object',
      properties: { format: { type: 'string', title: 'Format', enum: ['markdown', 'json'] } },
      required: ['format'],
    });
    if (answer.action !== 'accept' || !answer.content) return 'Export cancelled: nothing was exported.';
    return answer.content.format === 'json'
      ? `[${parts.map((part) => part.json).join(',')}]`
      : parts.map((part) => part.markdown).join('\n\n');
  }

  @McpResource({ uri: 'notes://stats', name: 'stats', description: 'How many notes there are, by priority', mimeType: 'application/json' })
  stats(): Record<string, number> {
    const stats: Record<string, number> = { total: this.notes.size };
    for (const note of this.notes.values()) stats[note.priority] = (stats[note.priority] ?? 0) + 1;
    return stats;
  }

  @McpResource({ uriTemplate: 'notes://tags/{tag}', name: 'notes_by_tag', description: 'The notes carrying a tag', mimeType: 'application/json' })
  byTag(@McpArgs() args: { tag: string }): Note[] {
    return this.list(args.tag);
  }

  /** Every tag in use, sorted. */
  tags(): string[] {
    return [...new Set(this.list().flatMap((note) => note.tags))].sort();
  }

  /** Completes note ids (for the summarize prompt and the notes://notes/{id} template) from what was typed. */
  @McpCompletion({ prompt: 'summarize', argument: 'id' })
  @McpCompletion({ resource: 'notes://notes/{id}', argument: 'id' })
  completeNoteId(value: string): string[] {
    return this.list()
      .map((note) => note.id)
      .filter((id) => id.startsWith(value));
  }

  /** Completes tags, case-insensitively. */
  @McpCompletion({ resource: 'notes://tags/{tag}', argument: 'tag' })
  completeTag(value: string, _context: McpCompletionContext): string[] {
    return this.tags().filter((tag) => tag.toLowerCase().startsWith(value.toLowerCase()));
  }

  @McpPrompt({
    description: 'Asks the model to summarise a note',
    arguments: [
      { name: 'id', description: 'The note to summarise', required: true },
      { name: 'style', description: 'How to summarise', complete: ['three bullet points', 'one sentence', 'a haiku'] },
    ],
  })
  summarize(@McpArgs() args: { id: string; style?: string }) {
    const note = this.get(args.id);
    return [
      {
        role: 'user' as const,
        content: { type: 'resource' as const, resource: { uri: `notes://notes/${note.id}`, mimeType: 'application/json', text: JSON.stringify(note) } },
      },
      `Summarise the note above${args.style ? ` as ${args.style}` : ''}.`,
    ];
  }
}
