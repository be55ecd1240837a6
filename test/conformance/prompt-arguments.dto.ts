import { IsString } from 'class-validator';

/** The arguments of `test_prompt_with_arguments`; the prompt's argument list is derived from this class. */
export class PromptArgumentsDto {
  /** First argument. */
  @IsString()
  arg1: string;

  /** Second argument. */
  @IsString()
  arg2: string;
}
