/** Headers as Express and Fastify expose them. */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The media type of a request's body (`application/json`), lower-cased and without parameters. */
export function mediaTypeOf(headers: Headers): string | undefined {
  const header = headers['content-type'];
  const value = Array.isArray(header) ? header[0] : header;
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
}

/** Whether the request is an HTML form submit (`application/x-www-form-urlencoded`). */
export function isFormSubmit(headers: Headers): boolean {
  return mediaTypeOf(headers) === 'application/x-www-form-urlencoded';
}

/** Whether the request's body is JSON (`application/json`, the type Nest's JSON parser reads). */
export function isJsonBody(headers: Headers): boolean {
  return mediaTypeOf(headers) === 'application/json';
}
