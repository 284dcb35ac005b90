import { IsUsername } from './login.dto.js';

/** The body of `POST /auth/reauthenticate`: who the user says they are (a password, in a real app). */
export class ReauthenticateDto {
  @IsUsername()
  username!: string;
}
