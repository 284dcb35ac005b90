/** Real User-Agents of a few clients, and the device `listByUser` names for each. */
export const USER_AGENTS = {
  windowsChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  iPhone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  androidFirefox: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
  curl: 'curl/8.5.0',
} as const;

/** The device each of {@link USER_AGENTS} names. */
export const DEVICES = {
  windowsChrome: { browser: 'Chrome', os: 'Windows', type: 'desktop' },
  iPhone: { browser: 'Mobile Safari', os: 'iOS', type: 'mobile' },
  iPad: { browser: 'Mobile Safari', os: 'iOS', type: 'tablet' },
  androidFirefox: { browser: 'Firefox', os: 'Android', type: 'mobile' },
  curl: { type: 'unknown' },
} as const;
