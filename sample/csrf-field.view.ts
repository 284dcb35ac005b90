import { escapeHtml } from './escape-html.js';

/** The hidden field that carries the session's CSRF token in each of the page's forms. */
export function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">`;
}
