import { matches } from './option-checks.js';
import type { Check } from './option-definition.js';

/** RFC 6265 cookie-name token characters. */
const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_NAME_RULE = "a cookie name token (letters, digits and !#$%&'*+-.^_`|~)";
/** A cookie `Path`: starts with "/", no spaces, ";" or control characters. */
const COOKIE_PATH_PATTERN = /^\/[\x21-\x3a\x3c-\x7e]*$/;
const COOKIE_PATH_RULE = 'must start with "/" and hold no spaces, ";" or control characters';
/** A cookie `Domain`: a host name, optionally with a leading dot. */
const COOKIE_DOMAIN_PATTERN = /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
const COOKIE_DOMAIN_RULE = 'must be a host name such as example.com';

/** A cookie name; `says` words the rule for the option it checks (default `must be <the rule>`). */
export const isCookieName = (says: (rule: string) => string = (rule) => `must be ${rule}`): Check =>
  matches(COOKIE_NAME_PATTERN, says(COOKIE_NAME_RULE));

/** A cookie `Path` (`cookie.path`, `legacy.cookiePath`). */
export const isCookiePath: Check = matches(COOKIE_PATH_PATTERN, COOKIE_PATH_RULE);

/** A cookie `Domain` (`cookie.domain`, `legacy.cookieDomain`). */
export const isCookieDomain: Check = matches(COOKIE_DOMAIN_PATTERN, COOKIE_DOMAIN_RULE);
