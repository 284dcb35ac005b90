import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import WebSocket from 'ws';
import { subscriptionResults } from '../test/support/graphql-ws-results.js';
import { runSampleAround } from '../test/support/running-sample.js';
import { ask, connectSocketIo } from '../test/support/socket-io-client.js';

const HEADER = 'x-session-token';

describe.each(['express', 'fastify'])(
  'the sample app on %s: header tokens for clients without cookies',
  (platform) => {
    const running = runSampleAround(platform, `sample-tokens-${randomUUID()}`);
    const http = () => request(running.sample.url);

    /** Logs `username` in as a header client (an empty header asks for a session); its token. */
    async function tokenLogin(username: string): Promise<string> {
      const response = await http()
        .post('/auth/login')
        .set(HEADER, '')
        .send({ username })
        .expect(200);
      expect(response.body).toEqual({ username });
      expect(response.headers['set-cookie']).toBeUndefined();
      const token = response.headers[HEADER] as string;
      expect(token).toMatch(/\S/);
      return token;
    }

    it('logs in with an empty X-Session-Token (200, a token, no Set-Cookie); /auth/me answers the user', async () => {
      const token = await tokenLogin('kim');
      await http().get('/auth/me').set(HEADER, token).expect(200, { username: 'kim' });
    });

    it('takes a form post without a CSRF token from a header client; a cookie client still needs one', async () => {
      const token = await tokenLogin('lou');
      const post = await http().post('/cart').set(HEADER, token).type('form').send({ item: 'tea' });
      expect(post.status).toBe(303);
      await http()
        .get('/kv/cart')
        .set(HEADER, token)
        .expect(200, { value: ['tea'] });
      await http().post('/cart').type('form').send({ item: 'tea' }).expect(403);
    });

    it('logs out (204, an empty X-Session-Token), after which the old token gets 401', async () => {
      const token = await tokenLogin('max');
      const logout = await http().post('/auth/logout').set(HEADER, token).send({}).expect(204);
      expect(logout.headers[HEADER]).toBe('');
      expect(logout.headers['set-cookie']).toBeUndefined();
      await http().get('/auth/me').set(HEADER, token).expect(401);
    });

    it('logs in through Passport (POST /auth/password-login) as a header client, and out', async () => {
      const login = await http()
        .post('/auth/password-login')
        .set(HEADER, '')
        .send({ username: 'alice', password: 'wonderland' })
        .expect(200, { username: 'alice' });
      expect(login.headers['set-cookie']).toBeUndefined();
      const token = login.headers[HEADER] as string;
      await http().get('/auth/me').set(HEADER, token).expect(200, { username: 'alice' });
      const logout = await http().post('/auth/logout').set(HEADER, token).send({}).expect(204);
      expect(logout.headers[HEADER]).toBe('');
      await http().get('/auth/me').set(HEADER, token).expect(401);
    });

    it('a forged token is no session: 401', async () => {
      const token = await tokenLogin('ned');
      await http()
        .get('/auth/me')
        .set(HEADER, `${token.slice(0, -2)}xx`)
        .expect(401);
      await http().get('/auth/me').set(HEADER, 'not-a-token').expect(401);
    });

    it('ends a header client by its handle: its token gets 401 at once', async () => {
      const phone = await tokenLogin('ola');
      const laptop = await tokenLogin('ola');
      const listed = await http().get('/auth/sessions').set(HEADER, laptop).expect(200);
      const other = (listed.body as { handle: string; current: boolean }[]).find(
        (entry) => !entry.current,
      );
      await http().delete(`/auth/sessions/${other?.handle}`).set(HEADER, laptop).expect(204);
      await http().get('/auth/me').set(HEADER, phone).expect(401);
      await http().get('/auth/me').set(HEADER, laptop).expect(200, { username: 'ola' });
    });

    it('ticks (graphql-ws on /graphql) names the user of connectionParams: { sessionToken }', async () => {
      const token = await tokenLogin('rae');
      const client = createClient({
        url: `${running.sample.url.replace(/^http/, 'ws')}/graphql`,
        retryAttempts: 0,
        connectionParams: { sessionToken: token },
        webSocketImpl: WebSocket,
      });
      try {
        expect(await subscriptionResults(client, 'subscription { ticks(count: 2) }')).toEqual([
          { data: { ticks: '1: rae' } },
          { data: { ticks: '2: rae' } },
        ]);
      } finally {
        await client.dispose();
      }
    });

    describe('socket.io /live', () => {
      const sockets: Socket[] = [];
      afterEach(() => {
        for (const socket of sockets.splice(0)) socket.disconnect();
      });

      it('whoami answers the user of auth: { sessionToken }', async () => {
        const token = await tokenLogin('pia');
        const socket = await connectSocketIo(`${running.sample.url}/live`, undefined, {
          sessionToken: token,
        });
        sockets.push(socket);
        expect(await ask(socket, 'whoami')).toEqual({ ack: { username: 'pia' } });
      });
    });
  },
);
