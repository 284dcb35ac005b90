import { trueFalseOrText } from './environment-variables.js';
import { isBoolean } from './option-checks.js';
import { option } from './option-definition.js';

/**
 * What a new session's item records of its client for the device list: `deviceDetails` (its
 * User-Agent and IP), and `trackUserAgent`, its older name. In this order: `deviceDetails` takes the
 * alias's value when only the alias is given.
 */
export const DEVICE_DETAILS_OPTIONS = {
  // An alias kept for configs of before the device list.
  trackUserAgent: option<boolean | undefined>({
    default: undefined,
    documentedDefault: 'none (see `deviceDetails`)',
    checks: [isBoolean],
  }),
  deviceDetails: option({
    default: true,
    defaultFrom: ({ earlier }) => (earlier['trackUserAgent'] as boolean | undefined) ?? true,
    checks: [
      isBoolean,
      (value, { earlier }) =>
        earlier['trackUserAgent'] === undefined || earlier['trackUserAgent'] === value
          ? undefined
          : 'contradicts trackUserAgent, its older name: give only deviceDetails',
    ],
    env: trueFalseOrText('SESSION_DEVICE_DETAILS'),
  }),
};
