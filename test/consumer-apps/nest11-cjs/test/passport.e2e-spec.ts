import { Test } from '@nestjs/testing';
import {
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  INestApplication,
  Injectable,
  Module,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard, PassportModule, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import request from 'supertest';
import { App } from 'supertest/types';
import { DynamoSessionModule, sessionOptionsFromEnv } from 'nestjs-dynamodb-session';
import { DynamoSessionPassportModule } from 'nestjs-dynamodb-session/passport';

interface User {
  id: string;
  name: string;
}

@Injectable()
class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): User {
    if (username !== 'ada' || password !== 'lovelace') throw new UnauthorizedException();
    return { id: 'u-ada', name: 'Ada' };
  }
}

@Injectable()
class UserSerializer extends PassportSerializer {
  serializeUser(user: User, done: (error: unknown, id?: string) => void): void {
    done(null, user.id);
  }
  deserializeUser(id: string, done: (error: unknown, user?: User | false) => void): void {
    done(null, id === 'u-ada' ? { id, name: 'Ada' } : false);
  }
}

@Injectable()
class LoginGuard extends AuthGuard('local') {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const result = (await super.canActivate(context)) as boolean;
    await super.logIn(context.switchToHttp().getRequest());
    return result;
  }
}

/** Login on the root route, as a passport-local app often has it. */
@Controller()
class RootController {
  @Post()
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: { user?: User }) {
    return { user: req.user };
  }

  @Get()
  whoami(@Req() req: { user?: User }) {
    return { user: req.user ?? null };
  }
}

@Module({
  imports: [
    DynamoSessionModule.forRootAsync({ useFactory: () => sessionOptionsFromEnv(), isGlobal: true }),
    PassportModule.register({ session: true }),
    DynamoSessionPassportModule,
  ],
  controllers: [RootController],
  providers: [LocalStrategy, UserSerializer],
})
class PassportAppModule {}

describe('Passport login sessions on the root route (Nest 11)', () => {
  let app: INestApplication<App>;

  beforeEach(async () => {
    const moduleFixture = await Test.createTestingModule({
      imports: [PassportAppModule],
    }).compile();
    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterEach(async () => {
    await app.close();
  });

  it('logs in on POST / and restores req.user on GET /', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/').expect(200, { user: null });
    await agent
      .post('/')
      .send({ username: 'ada', password: 'lovelace' })
      .expect(200, { user: { id: 'u-ada', name: 'Ada' } });
    await agent.get('/').expect(200, { user: { id: 'u-ada', name: 'Ada' } });
  });
});
