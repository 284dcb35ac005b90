import { Injectable, ValidationPipe, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { PasswordLoginDto } from '../dto/password-login.dto.js';

/**
 * Checks the body (400, as the validation pipe answers elsewhere: guards run before pipes), then the
 * password through passport-local (401), then starts the login session: `req.login()` gives the
 * session a new id and the user as its identity.
 */
@Injectable()
export class PasswordLoginGuard extends AuthGuard('local') {
  private readonly validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true });

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ body: unknown; logIn: (...args: never[]) => unknown }>();
    await this.validation.transform(request.body, { type: 'body', metatype: PasswordLoginDto });
    const passed = (await super.canActivate(context)) as boolean;
    await super.logIn(request);
    return passed;
  }
}
