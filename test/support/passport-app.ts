// The app of the Passport specs: passport-local over a few users, its serializer, guard and routes.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  Post,
  Put,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthGuard, PassportModule, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { DynamoSessionPassportModule } from '../../src/passport/index.js';
import { Session } from '../../src/index.js';

export interface User {
  id: string;
  name: string;
}

const USERS: Record<string, { password: string; user: User }> = {
  ann: { password: 'ann-password', user: { id: 'u-ann', name: 'Ann' } },
  ben: { password: 'ben-password', user: { id: 'u-ben', name: 'Ben' } },
  /** Logs in, but deserializeUser no longer finds the user (deleted since). */
  gus: { password: 'gus-password', user: { id: 'u-gone', name: 'Gus' } },
  /** serializeUser gives the whole user instead of its id. */
  ola: { password: 'ola-password', user: { id: 'u-ola', name: 'Ola' } },
  /** serializeUser gives the whole user instead of its id, calling done asynchronously. */
  ivy: { password: 'ivy-password', user: { id: 'u-ivy', name: 'Ivy' } },
  /** serializeUser gives the whole user, which has no id to be the session's identity. */
  nox: { password: 'nox-password', user: { id: '', name: 'Nox' } },
};

/** Users whose serializeUser gives the whole user (`done(null, user)`), as many apps write it. */
const WHOLE = new Set(['u-ola', 'u-ivy', '']);

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): User {
    const entry = USERS[username];
    if (entry === undefined || entry.password !== password) throw new UnauthorizedException();
    return entry.user;
  }
}

/**
 * Serializes the user to its id (some users whole, see {@link WHOLE}); a user that no longer exists
 * deserializes to false, a whole user to itself (as Passport's docs write it).
 */
@Injectable()
export class UserSerializer extends PassportSerializer {
  serializeUser(user: User, done: (error: unknown, id?: unknown) => void): void {
    if (user.id === 'u-ivy') setImmediate(() => done(null, user));
    else done(null, WHOLE.has(user.id) ? user : user.id);
  }
  deserializeUser(
    serialized: string | User,
    done: (error: unknown, user?: User | false) => void,
  ): void {
    if (typeof serialized === 'object') return done(null, serialized);
    const found = Object.values(USERS).find((entry) => entry.user.id === serialized)?.user;
    done(null, found === undefined || found.id === 'u-gone' ? false : found);
  }
}

/** AuthGuard('local') that also starts the login session (`req.login`), as @nestjs/passport documents. */
@Injectable()
class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const result = (await super.canActivate(context)) as boolean;
    await super.logIn(context.switchToHttp().getRequest());
    return result;
  }
}

interface PassportRequest {
  user?: User;
  logout(done: (error?: unknown) => void): void;
  isAuthenticated(): boolean;
}

/** Lets logged-in users through, by Passport's `req.isAuthenticated()` (as Nest's docs write it). */
@Injectable()
class AuthenticatedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<PassportRequest>().isAuthenticated();
  }
}

@Controller()
export class PassportController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: PassportRequest): { user: User | undefined } {
    return { user: req.user };
  }

  @Get('whoami')
  whoami(
    @Req() req: PassportRequest,
    @Session() session: Session,
  ): { user: User | null; userId: string | null } {
    return { user: req.user ?? null, userId: session.userId ?? null };
  }

  @Get('profile')
  @UseGuards(AuthenticatedGuard)
  profile(@Req() req: PassportRequest): { user: User | undefined } {
    return { user: req.user };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: PassportRequest): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      req.logout((error) => (error === undefined || error === null ? resolve() : reject(error))),
    );
  }

  @Put('value/:key')
  set(
    @Session() session: Session,
    @Param('key') key: string,
    @Body() body: { value: unknown },
  ): { ok: true } {
    session[key] = body.value;
    return { ok: true };
  }
}

/** Login and whoami on the root route (`/`), which a `*path` route pattern does not match. */
@Controller()
export class RootController {
  @Post()
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: PassportRequest): { user: User | undefined } {
    return { user: req.user };
  }

  @Get()
  whoami(@Req() req: PassportRequest): { user: User | null } {
    return { user: req.user ?? null };
  }
}

@Controller('plain')
export class PlainController {
  @Get()
  plain(): { ok: true } {
    return { ok: true };
  }
}

/** The Passport modules and providers of the specs' apps (`createTestApp`'s setup). */
export const passportSetup = {
  imports: [
    PassportModule.register({ session: true, keepSessionInfo: true }),
    DynamoSessionPassportModule,
  ],
  providers: [LocalStrategy, UserSerializer],
};
