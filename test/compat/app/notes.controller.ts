import {
  Body,
  Controller,
  Get,
  Injectable,
  Param,
  ParseIntPipe,
  Post,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { McpArgs, McpPrompt, McpResource, McpTool } from 'nestjs-mcp';

/** Lets a request through only with `x-api-key: secret`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-api-key'] === 'secret';
  }
}

export class CreateNoteDto {
  @IsString()
  @Length(1, 20)
  title!: string;
}

/** Routes exposed as tools: a guard on the class, a DTO validated by the global pipe, a parse pipe on a param. */
@Controller('notes')
@UseGuards(ApiKeyGuard)
export class NotesController {
  @Post()
  @McpTool({ name: 'create_note' })
  create(@Body() dto: CreateNoteDto) {
    return { created: dto.title, isDtoInstance: dto instanceof CreateNoteDto };
  }

  @Get(':id')
  @McpTool({ name: 'get_note' })
  get(@Param('id', ParseIntPipe) id: number) {
    return { id, doubled: id * 2 };
  }
}

/** A resource and a prompt hosted on a provider. */
@Injectable()
export class NotesService {
  @McpResource({ uri: 'notes://readme', mimeType: 'text/plain' })
  readme(): string {
    return 'Notes app on the packed nestjs-mcp';
  }

  @McpPrompt({ arguments: [{ name: 'topic', description: 'What to summarize', required: true }] })
  summarize(@McpArgs() args: { topic: string }): string {
    return `Summarize the notes about ${args.topic}`;
  }
}
