import type UAParser from 'ua-parser-js';
import type { SessionDevice, SessionDeviceType, SessionSummary } from './session-repository.js';

/** A listed session before its device is parsed: what the user index (or the store) holds of it. */
export type ListedSession = Omit<SessionSummary, 'device'>;

/** The device types ua-parser-js 1.x names, all of them {@link SessionDeviceType}s. */
const PARSED_TYPES: ReadonlySet<string> = new Set<SessionDeviceType>([
  'mobile',
  'tablet',
  'console',
  'smarttv',
  'wearable',
  'embedded',
]);

const UNKNOWN: SessionDevice = Object.freeze({ type: 'unknown' });

/**
 * ua-parser-js (MIT, the 1.0 line), loaded on the first listing that has a User-Agent to parse, never
 * at import time nor on the request path: it is a fifth of the library's bundle.
 */
let parser: Promise<typeof UAParser> | undefined;
function loadParser(): Promise<typeof UAParser> {
  return (parser ??= import('ua-parser-js').then((module) => module.default));
}

/** The device a User-Agent names. */
function deviceOf(parse: typeof UAParser, userAgent: string): SessionDevice {
  const { browser, os, device } = parse(userAgent);
  const type: SessionDeviceType =
    device.type !== undefined
      ? PARSED_TYPES.has(device.type)
        ? (device.type as SessionDeviceType)
        : 'unknown'
      : // ua-parser-js names no type for a desktop: a browser on an operating system is one.
        browser.name !== undefined && os.name !== undefined
        ? 'desktop'
        : 'unknown';
  return {
    ...(browser.name === undefined ? {} : { browser: browser.name }),
    ...(os.name === undefined ? {} : { os: os.name }),
    type,
  };
}

/**
 * The device a User-Agent names, as `listByUser` lists it: for a session read by its key
 * (`StoredSession.userAgent`), or a `SessionRepository` of your own. Loads ua-parser-js on first use.
 */
export async function sessionDeviceOf(userAgent: string | undefined): Promise<SessionDevice> {
  return userAgent === undefined ? UNKNOWN : deviceOf(await loadParser(), userAgent);
}

/**
 * The summaries of `sessions`, each with the device its User-Agent names (`type: 'unknown'` without
 * one). Each distinct User-Agent is parsed once; without any, the parser is not even loaded.
 */
export async function withDevices(sessions: readonly ListedSession[]): Promise<SessionSummary[]> {
  const parse = sessions.some((session) => session.userAgent !== undefined)
    ? await loadParser()
    : undefined;
  const parsed = new Map<string, SessionDevice>();
  return sessions.map((session) => {
    const agent = session.userAgent;
    if (agent === undefined || parse === undefined) return { ...session, device: UNKNOWN };
    let device = parsed.get(agent);
    if (device === undefined) {
      device = deviceOf(parse, agent);
      parsed.set(agent, device);
    }
    return { ...session, device };
  });
}
