import type { Session } from '../session/session.js';
import {
  DEFAULT_PASSPORT_USER_ID_OF,
  passportLogin,
  type PassportLogin,
  type PassportUserIdOf,
  userIdOfUser,
} from './passport-user-id.js';

/**
 * The data key that keeps a serialized user that is more than an id, as `{ user }`: where
 * express-session keeps Passport's data (`req.session.passport`), so `@Session()` sees it there too.
 */
const PASSPORT_DATA_KEY = 'passport';

/** A callback in express-session's style: called once, with an error or nothing. */
type Callback = (error?: unknown) => void;

/**
 * `req.session` as Passport (0.6 and later) and code written for express-session use it, over the
 * request's session: the same data `@Session()` sees, saved when the request ends like every change.
 */
export interface PassportRequestSession {
  [key: string]: unknown;
  /** The session id (a bearer credential: never log it). */
  readonly id: string;
  /**
   * Passport's key, backed by the session's identity: `passport.user` reads what `serializeUser` gave
   * (`session.userId`, or the serialized user kept with the data under `passport`); setting it logs
   * that user in (`session.logIn` with the id, see `passportLogin`), deleting it logs out. A value
   * without an id is refused: nothing changes, and the next `save(callback)` fails with an error naming
   * the fix.
   */
  readonly passport: { user?: unknown };
  /** A new id and no data (Passport merges the data back with `keepSessionInfo`); the identity stays. */
  regenerate(callback: Callback): void;
  /**
   * Nothing to store now: the session is saved when the request ends, before the response. Calls back
   * with the error of a `passport.user` refused since the last save (serializeUser gave no id).
   */
  save(callback?: Callback): void;
  /** Ends the session: the item is deleted and the cookie cleared when the request ends. */
  destroy(callback?: Callback): void;
  /** Not supported: the session is read once per request. Calls back with an error. */
  reload(callback: Callback): void;
  /** Extends the expiry when the request ends (`session.touch()`). */
  touch(): PassportRequestSession;
}

type RequestSessionMethods = Pick<
  PassportRequestSession,
  'regenerate' | 'save' | 'destroy' | 'reload' | 'touch'
>;
const METHODS: ReadonlySet<string> = new Set(['regenerate', 'save', 'destroy', 'reload', 'touch']);

/** Names of `req.session` that are no data. */
function isReserved(name: string | symbol): boolean {
  return name === 'id' || name === 'passport' || (typeof name === 'string' && METHODS.has(name));
}

/** What one view reads: the live session, or the copy of its data taken when it was replaced. */
interface ViewState {
  frozen?: Record<string, unknown>;
}

/** Calls back on the next tick, as express-session's store calls do. */
function later(callback: Callback | undefined, error?: unknown): void {
  if (callback !== undefined) process.nextTick(() => callback(error));
}

/**
 * One request's `req.session`: a view over its session, replaced by a new view on `regenerate()` while
 * the old one keeps a copy of the data (Passport's `keepSessionInfo` merges that copy into the new one).
 */
class RequestSessionBinding {
  current: PassportRequestSession;
  private currentState: ViewState = {};
  /** The identity was removed in this request (`delete req.session.passport.user`): a logout. */
  private loggedOut = false;
  /**
   * Why the last `passport.user` given was refused (not an id), for the next `save(callback)`: Passport
   * sets it from serializeUser's `done`, which may run asynchronously, where a throw would escape
   * Passport's error handling and crash the process; it saves right after, so the login fails there.
   */
  private refusedUser: unknown;
  private readonly methods: RequestSessionMethods;
  private readonly passport: { user?: unknown };

  constructor(
    private readonly session: Session,
    private readonly userIdOf: PassportUserIdOf,
  ) {
    this.methods = {
      regenerate: (callback) => {
        this.freeze();
        // Passport's logout removes the user, saves, then regenerates: that ends the session.
        if (this.loggedOut) this.session.destroy();
        else this.session.regenerate({ keepData: false });
        later(callback);
      },
      save: (callback) => {
        const refused = this.refusedUser;
        this.refusedUser = undefined;
        later(callback, refused);
      },
      destroy: (callback) => {
        this.session.destroy();
        later(callback);
      },
      reload: (callback) =>
        later(
          callback,
          new Error(
            'req.session.reload() is not supported by nestjs-dynamodb-session: the session is read once per request, when it starts. Read it in the next request instead.',
          ),
        ),
      touch: () => {
        this.session.touch();
        return this.current;
      },
    };
    this.passport = this.passportKey();
    this.current = this.view(this.currentState);
  }

  /** The current view keeps a copy of the data as it is now (Passport's `prevSession`); a new view is live. */
  private freeze(): void {
    this.currentState.frozen = { ...this.session };
    this.currentState = {};
    this.current = this.view(this.currentState);
  }

  /** A view over the session's data, or over the copy `state.frozen` once it was replaced. */
  private view(state: ViewState): PassportRequestSession {
    const target = (): Record<string, unknown> => state.frozen ?? this.session;
    const handler: ProxyHandler<object> = {
      get: (_shell, name) => {
        if (typeof name === 'string' && METHODS.has(name)) {
          return this.methods[name as keyof RequestSessionMethods];
        }
        if (name === 'id') return this.session.id;
        if (name === 'passport') return state.frozen === undefined ? this.passport : undefined;
        return Reflect.get(target(), name);
      },
      set: (_shell, name, value) => {
        if (isReserved(name)) {
          throw new TypeError(
            `req.session.${String(name)} cannot be assigned: ${name === 'passport' ? 'log in with req.login(user) (or session.logIn(userId)), out with req.logout()' : 'it belongs to the session, not its data'}.`,
          );
        }
        return Reflect.set(target(), name, value);
      },
      deleteProperty: (_shell, name) => Reflect.deleteProperty(target(), name),
      has: (_shell, name) => isReserved(name) || Reflect.has(target(), name),
      // The kept serialized user is Passport's, read through `passport`: not among the data copied on a
      // regenerate (Passport's keepSessionInfo merge), which would assign the reserved `passport`.
      ownKeys: () => Reflect.ownKeys(target()).filter((name) => name !== PASSPORT_DATA_KEY),
      getOwnPropertyDescriptor: (_shell, name) => Reflect.getOwnPropertyDescriptor(target(), name),
      defineProperty: (_shell, name, descriptor) =>
        Reflect.defineProperty(target(), name, descriptor),
    };
    return new Proxy({}, handler) as PassportRequestSession;
  }

  /**
   * What `serializeUser` gave for the session's identity: the serialized user kept with the data (when
   * it still names that identity), else the identity itself; undefined when logged out.
   */
  private passportUser(): unknown {
    const userId = this.session.userId;
    if (userId === undefined) return undefined;
    const kept = (this.session[PASSPORT_DATA_KEY] as { user?: unknown } | undefined)?.user;
    return typeof kept === 'object' && kept !== null && this.idOfKept(kept) === userId
      ? kept
      : userId;
  }

  /**
   * The id of a kept serialized user, as stored (JSON: no methods, no class): undefined when `userIdOf`
   * finds none or throws on it, so the session then stands for its identity alone, never a 500.
   */
  private idOfKept(kept: object): string | undefined {
    try {
      return userIdOfUser(kept, this.userIdOf);
    } catch {
      return undefined;
    }
  }

  /**
   * Logs in who `serializeUser` gave, keeping the serialized user with the data when it is more than an
   * id. The same user again (their session regenerated by `req.login()` kept the identity) proved who
   * they are: a reauthentication, for `@RequireRecentLogin()`.
   */
  private logIn(login: PassportLogin): true {
    if (login.userId !== this.session.userId) this.session.logIn(login.userId);
    else this.session.reauthenticated();
    if (login.user === undefined) delete this.session[PASSPORT_DATA_KEY];
    else this.session[PASSPORT_DATA_KEY] = { user: login.user };
    return true;
  }

  /** `req.session.passport`: Passport's key, its `user` what `serializeUser` gave for the identity. */
  private passportKey(): { user?: unknown } {
    const session = this.session;
    const refuse = (name: string | symbol): never => {
      throw new TypeError(
        `req.session.passport holds only "user", the session's identity (got "${String(name)}"): keep other values in the session itself.`,
      );
    };
    return new Proxy<{ user?: unknown }>(
      {},
      {
        get: (_shell, name) => (name === 'user' ? this.passportUser() : undefined),
        set: (_shell, name, value) => {
          if (name !== 'user') return refuse(name);
          let login: PassportLogin | undefined;
          try {
            login = passportLogin(value, this.userIdOf);
          } catch (error) {
            this.refusedUser = error;
            return true;
          }
          this.refusedUser = undefined;
          return login === undefined ? this.logOut() : this.logIn(login);
        },
        deleteProperty: (_shell, name) => (name === 'user' ? this.logOut() : true),
        has: (_shell, name) => name === 'user' && session.userId !== undefined,
        ownKeys: () => (session.userId === undefined ? [] : ['user']),
        getOwnPropertyDescriptor: (_shell, name) =>
          name === 'user' && session.userId !== undefined
            ? { value: this.passportUser(), writable: true, enumerable: true, configurable: true }
            : undefined,
        defineProperty: (_shell, name) => refuse(name),
      },
    );
  }

  /** The identity goes (a new id, the data kept); a `regenerate()` after it ends the session. */
  private logOut(): true {
    if (this.session.userId !== undefined) {
      this.session.logOut({ keepData: true });
      this.loggedOut = true;
    }
    delete this.session[PASSPORT_DATA_KEY];
    return true;
  }
}

/**
 * Gives `request` (the one Nest's guards see: Express's request, or Fastify's) a `req.session` (and
 * `req.sessionID`) over `session`, for Passport. Throws, naming the fix, when another session middleware
 * or plugin (express-session, @fastify/session) set one already.
 */
export function attachPassportSession(
  request: object,
  session: Session,
  userIdOf: PassportUserIdOf = DEFAULT_PASSPORT_USER_ID_OF,
): void {
  if (Object.prototype.hasOwnProperty.call(request, 'session')) {
    throw new Error(
      'req.session is set already (express-session, @fastify/session, or another session middleware or plugin, runs on this route): DynamoSessionPassportModule gives Passport its own req.session over nestjs-dynamodb-session. Remove the other session middleware.',
    );
  }
  const binding = new RequestSessionBinding(session, userIdOf);
  Object.defineProperties(request, {
    session: {
      configurable: true,
      get: () => binding.current,
      set: () => {
        throw new TypeError(
          'req.session cannot be replaced: it is the request’s nestjs-dynamodb-session session. Use req.session.regenerate() or req.session.destroy().',
        );
      },
    },
    sessionID: { configurable: true, get: () => session.id },
  });
}
