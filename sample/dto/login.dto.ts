import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { CsrfFormDto } from './csrf-form.dto.js';

/** A username: 1 to 64 letters, digits, `.`, `_`, `-` or `@`. */
export function IsUsername(): PropertyDecorator {
  return applyDecorators(
    IsString({ message: 'username must be a string' }),
    Matches(/^[A-Za-z0-9._@-]{1,64}$/, {
      message: 'username must be 1 to 64 letters, digits, ".", "_", "-" or "@"',
    }),
  );
}

/** The body of `POST /auth/login` (JSON, or the page's form). */
export class LoginDto extends CsrfFormDto {
  /** 1 to 64 letters, digits, `.`, `_`, `-` or `@`. */
  @IsUsername()
  username!: string;
}
