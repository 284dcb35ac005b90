import { IsEmail, MaxLength } from 'class-validator';

/** The body of `POST /account/email`. */
export class EmailDto {
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email!: string;
}
