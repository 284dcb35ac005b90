import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import type { DemoUser } from './demo-users.js';

/**
 * Keeps the username in the session: it becomes the session's identity (`session.userId`), so
 * `GET /auth/me`, `SessionGuard` and the user's session list see a password login like any other.
 * The identity is one for both logins: `POST /auth/login` logs in any name, so any identity the session
 * holds deserializes to that user (a `false` here would log the session out).
 */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: DemoUser, done: (error: unknown, id?: string) => void): void {
    done(null, user.username);
  }

  deserializeUser(username: string, done: (error: unknown, user?: DemoUser | false) => void): void {
    done(null, { username });
  }
}
