import { IsOptional, IsString } from 'class-validator';

/**
 * What every body of a route the page's forms post to may carry besides its own fields: the form's
 * CSRF token (field `_csrf`), which {@link CsrfUnlessJsonGuard} checks before validation runs.
 */
export class CsrfFormDto {
  @IsOptional()
  @IsString({ message: '_csrf must be a string' })
  _csrf?: string;
}
