import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { McpProperty } from 'nestjs-mcp';
import { NotePriority } from '../note.js';

export class CreateNoteDto {
  @McpProperty({ description: 'A short title', examples: ['Groceries'] })
  @IsString()
  @Length(1, 120)
  title!: string;

  @McpProperty({ description: 'The note itself, in Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  body?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  tags?: string[];

  @IsOptional()
  @IsEnum(NotePriority)
  priority?: NotePriority;
}
