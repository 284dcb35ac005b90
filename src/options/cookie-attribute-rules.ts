/** RFC 6265 cookie-name token characters. */
export const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const COOKIE_NAME_RULE = "a cookie name token (letters, digits and !#$%&'*+-.^_`|~)";
/** A cookie `Path`: starts with "/", no spaces, ";" or control characters. */
export const COOKIE_PATH_PATTERN = /^\/[\x21-\x3a\x3c-\x7e]*$/;
export const COOKIE_PATH_RULE = 'must start with "/" and hold no spaces, ";" or control characters';
/** A cookie `Domain`: a host name, optionally with a leading dot. */
export const COOKIE_DOMAIN_PATTERN = /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
export const COOKIE_DOMAIN_RULE = 'must be a host name such as example.com';
