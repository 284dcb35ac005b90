import { text } from './environment-variables.js';
import { describeValue, type OptionDefinition, type Resolution } from './option-definition.js';

/** How far in the future `notBefore` may be (clock skew between the machine that set it and this one). */
const NOT_BEFORE_SKEW_MS = 60_000;
const variable = text('SESSION_NOT_BEFORE');

/** `notBefore` as epoch milliseconds: a Date, epoch seconds (a number or digits), or an ISO 8601 date. */
function resolveNotBefore(given: unknown, now: number): Resolution<number | undefined> {
  if (given === undefined) return { value: undefined, problems: [] };
  let ms = Number.NaN;
  if (given instanceof Date) ms = given.getTime();
  else if (typeof given === 'number') ms = Number.isInteger(given) ? given * 1000 : Number.NaN;
  else if (typeof given === 'string' && /^\d+$/.test(given.trim())) ms = Number(given) * 1000;
  else if (typeof given === 'string' && /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(given.trim()))
    ms = Date.parse(given.trim());
  if (!Number.isFinite(ms) || ms < 0) {
    return {
      value: undefined,
      problems: [
        `notBefore: must be a Date, whole epoch seconds, or an ISO 8601 date such as 2026-05-01T12:00:00Z (env ${variable.name}) (got ${describeValue(given)})`,
      ],
    };
  }
  if (ms > now + NOT_BEFORE_SKEW_MS) {
    return {
      value: undefined,
      problems: [
        `notBefore: must not be in the future (got ${new Date(ms).toISOString()}): every session created until then would end at once`,
      ],
    };
  }
  return { value: ms, problems: [] };
}

/**
 * The `notBefore` option, resolved to epoch milliseconds: sessions created before it are absent.
 * Off by default; at most a minute ahead of the module's clock.
 */
export const NOT_BEFORE_OPTION: OptionDefinition<number | undefined> = {
  default: undefined,
  documentedDefault: 'none',
  env: variable,
  resolve: (given, _path, { now }) => resolveNotBefore(given, now),
};
