// What both Passport specs share: passport-local over two users, a serializer that keeps the whole
// user in the session, the login guard, a guard for logged-in users, and the routes (login on `/`).
import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export interface User {
  id: string;
  name: string;
  roles: string[];
}

const USERS: Record<string, { password: string; user: User }> = {
  ada: { password: 'lovelace', user: { id: 'u-ada', name: 'Ada', roles: ['admin'] } },
  grace: { password: 'hopper', user: { id: 'u-grace', name: 'Grace', roles: ['dev'] } },
};

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): User {
    const entry = USERS[username];
    if (entry === undefined || entry.password !== password) throw new UnauthorizedException();
    return entry.user;
  }
}

/** Keeps the whole user in the session and gives it back as it was stored, no user lookup. */
@Injectable()
export class WholeUserSerializer extends PassportSerializer {
  serializeUser(user: User, done: (error: unknown, user?: User) => void): void {
    done(null, user);
  }
  deserializeUser(user: User, done: (error: unknown, user?: User) => void): void {
    done(null, user);
  }
}

/** AuthGuard('local') that also starts the login session, as @nestjs/passport documents it. */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const result = (await super.canActivate(context)) as boolean;
    await super.logIn(context.switchToHttp().getRequest());
    return result;
  }
}

interface PassportRequest {
  user?: User;
  isAuthenticated(): boolean;
  logout(done: (error?: unknown) => void): void;
}

/** Lets logged-in users through (403 for anyone else), as Nest's Passport recipe writes it. */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<PassportRequest>().isAuthenticated();
  }
}

/** Login on the root route, as a passport-local app often has it, a guarded route and a logout. */
@Controller()
export class RootController {
  @Post()
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: PassportRequest) {
    return { user: req.user };
  }

  @Get()
  whoami(@Req() req: PassportRequest) {
    return { user: req.user ?? null };
  }

  @Get('profile')
  @UseGuards(AuthenticatedGuard)
  profile(@Req() req: PassportRequest) {
    return { user: req.user };
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Req() req: PassportRequest): Promise<void> {
    return new Promise((resolve, reject) =>
      req.logout((error) => (error ? reject(error) : resolve())),
    );
  }
}

/**
 * The sessions the table holds for the user `id`, straight from DynamoDB: each one's identity (the
 * item's `userId`, which the user index and "log out everywhere" read) and the `user` Passport keeps
 * in its data (`passport`). Other specs share the table: each spec logs in a user of its own.
 */
export async function storedUsers(id: string): Promise<{ userId?: string; user: unknown }[]> {
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  try {
    const scan = await DynamoDBDocumentClient.from(client).send(
      new ScanCommand({
        TableName: process.env.SESSION_TABLE,
        FilterExpression: '#data.#passport.#user.#id = :id',
        ExpressionAttributeNames: {
          '#data': 'data',
          '#passport': 'passport',
          '#user': 'user',
          '#id': 'id',
        },
        ExpressionAttributeValues: { ':id': id },
        ConsistentRead: true,
      }),
    );
    return (scan.Items ?? []).map((item) => ({
      userId: item['userId'],
      user: item['data'].passport.user,
    }));
  } finally {
    client.destroy();
  }
}

/** The `name=value` of the session cookie a response sets. */
export function cookieFrom(response: { headers: Record<string, unknown> }): string {
  const [cookie] = response.headers['set-cookie'] as string[];
  return cookie.split(';')[0];
}
