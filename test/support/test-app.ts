import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards, type INestApplication, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DynamoSessionModule, Session, SessionGuard, type DynamoSessionModuleOptions } from '../../src/index.js';
import { CountingClient, createTestTable } from './dynamodb.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** Small routes over the session, for integration specs. */
@Controller()
export class ProbeController {
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('data')
  data(@Session() session: Session): Record<string, unknown> {
    return { ...session };
  }

  @Get('value/:key')
  value(@Session() session: Session, @Param('key') key: string): { value: unknown } {
    return { value: session[key] ?? null };
  }

  @Put('value/:key')
  set(@Session() session: Session, @Param('key') key: string, @Body() body: { value: unknown }): { ok: true } {
    session[key] = body.value;
    return { ok: true };
  }

  @Delete('value/:key')
  @HttpCode(204)
  remove(@Session() session: Session, @Param('key') key: string): void {
    delete session[key];
  }

  @Post('login')
  @HttpCode(200)
  login(@Session() session: Session, @Body() body: { username: string; keepData?: boolean }): { id: string } {
    session.regenerate({ keepData: body.keepData ?? true });
    session.userId = body.username;
    return { id: session.id };
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Session() session: Session): void {
    session.destroy();
  }

  @Post('touch')
  @HttpCode(204)
  touch(@Session() session: Session): void {
    session.touch();
  }

  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session('userId') userId: string): { userId: string } {
    return { userId };
  }

  @Get('guarded-only')
  @UseGuards(SessionGuard)
  guardedOnly(): { ok: true } {
    return { ok: true };
  }
}

export interface TestApp {
  readonly app: INestApplication;
  readonly client: CountingClient;
  readonly tableName: string;
  close(): Promise<void>;
}

/** Boots a Nest app with DynamoSessionModule.forRoot on a fresh table of DynamoDB Local. */
export async function createTestApp(
  options: Partial<DynamoSessionModuleOptions> = {},
  controllers: Type[] = [ProbeController],
): Promise<TestApp> {
  const client = new CountingClient();
  const tableName = await createTestTable(client);
  const moduleRef = await Test.createTestingModule({
    imports: [DynamoSessionModule.forRoot({ secret: TEST_SECRET, tableName, client, ...options })],
    controllers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  client.reset();
  return {
    app,
    client,
    tableName,
    close: async () => {
      await app.close();
      client.destroy();
    },
  };
}
