import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { McpProperty } from 'nestjs-mcp';

export class SearchNotesDto {
  @McpProperty({ description: 'Words to look for in titles, bodies and tags' })
  @IsString()
  @MinLength(1)
  query!: string;

  @McpProperty({ description: 'How many notes to return at most' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
