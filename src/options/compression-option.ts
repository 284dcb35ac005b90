import { wholeNumber } from './environment-variables.js';
import { atLeast, isWholeNumber } from './option-checks.js';
import { option } from './option-definition.js';
import { optionalGroup } from './option-group.js';

const threshold = wholeNumber('SESSION_COMPRESSION_THRESHOLD');
const rule = `must be a whole number of bytes, 0 or more (env ${threshold.name})`;

/** The `compression` option: off unless given; `{ threshold }` in bytes. */
export const COMPRESSION_OPTION = optionalGroup({
  fields: {
    threshold: option<number | undefined>({
      default: undefined,
      required: true,
      checks: [isWholeNumber(rule), atLeast(0, rule)],
      env: threshold,
    }),
  },
  shape: 'an object { threshold } (bytes)',
});
