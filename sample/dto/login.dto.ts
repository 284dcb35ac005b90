import { IsString, Matches } from 'class-validator';
import { CsrfFormDto } from './csrf-form.dto.js';

/** The body of `POST /auth/login` (JSON, or the page's form). */
export class LoginDto extends CsrfFormDto {
  /** 1 to 64 letters, digits, `.`, `_`, `-` or `@`. */
  @IsString({ message: 'username must be a string' })
  @Matches(/^[A-Za-z0-9._@-]{1,64}$/, {
    message: 'username must be 1 to 64 letters, digits, ".", "_", "-" or "@"',
  })
  username!: string;
}
