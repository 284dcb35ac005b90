import { IsString, Length } from 'class-validator';
import { IsUsername } from './login.dto.js';

/** The body of `POST /auth/password-login` (JSON only). */
export class PasswordLoginDto {
  /** 1 to 64 letters, digits, `.`, `_`, `-` or `@`. */
  @IsUsername()
  username!: string;

  /** 1 to 128 characters. */
  @IsString({ message: 'password must be a string' })
  @Length(1, 128, { message: 'password must be 1 to 128 characters' })
  password!: string;
}
