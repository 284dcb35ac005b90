import { Controller, HttpCode, Post } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import request from 'supertest';
import { SESSION_EVENT_LISTENERS } from '../src/dynamo-session.constants.js';
import { Session, type SessionEvent } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import {
  createTestApp,
  PLATFORMS,
  ProbeController,
  TEST_SECRET,
  type TestApp,
} from './support/test-app.js';

const handleOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

/** A logout that takes only `destroy`: without a listener it needs no word of the deleted item. */
@Controller('end')
class EndController {
  @Post()
  @HttpCode(204)
  end(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }
}

describe.each(PLATFORMS)('session events through @nestjs/event-emitter (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());
  afterEach(async () => {
    await t.close();
  });

  it('an app that imports EventEmitterModule hears every event as session.<type>', async () => {
    t = await createTestApp({}, [ProbeController, EndController], {
      platform,
      imports: [EventEmitterModule.forRoot({ wildcard: true })],
    });
    const heard: [string, SessionEvent][] = [];
    t.app
      .get(EventEmitter2)
      .on('session.*', function (this: { event: string }, event: SessionEvent) {
        heard.push([this.event, event]);
      });
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'ann' }).expect(200),
    );
    await api().post('/end').set('Cookie', cookie).expect(204);
    expect(heard.map(([name, event]) => [name, event.userId, event.handle])).toEqual([
      ['session.created', 'ann', handleOf(cookie)],
      ['session.loggedIn', 'ann', handleOf(cookie)],
      ['session.destroyed', 'ann', handleOf(cookie)],
    ]);
  });

  it("finds the app's EventEmitter2 by its shape, not by a class name a bundler may change", async () => {
    // EventEmitterModule's providers under a module class of another name, as a bundle may rename it.
    class Renamed {}
    t = await createTestApp({}, [ProbeController, EndController], {
      platform,
      imports: [{ ...EventEmitterModule.forRoot(), module: Renamed }],
    });
    const heard: string[] = [];
    t.app.get(EventEmitter2).onAny((name: string | string[]) => void heard.push(String(name)));
    await api().post('/login').send({ username: 'cy' }).expect(200);
    expect(heard).toEqual(['session.created', 'session.loggedIn']);
  });

  it('an app without it has no listener, though the package is installed: requests pay nothing for events', async () => {
    t = await createTestApp({}, [ProbeController, EndController], { platform });
    expect(t.app.get(SESSION_EVENT_LISTENERS)).toEqual([]);
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'bo' }).expect(200),
    );
    t.client.reset();
    await api().post('/end').set('Cookie', cookie).expect(204);
    // No ReturnValues: the deleted item is not asked for, as it is when a listener needs its user.
    expect(t.client.sent.map(({ name, input }) => [name, input['ReturnValues']])).toEqual([
      ['DeleteItem', undefined],
    ]);
  });
});
