import type { Tag } from '@aws-sdk/client-dynamodb';

/** One verified property of the sessions table. */
export interface SessionTableCheck {
  /** What was checked: `table exists`, `table active`, `key schema`, `time to live`, `user index`, `billing`, `stream` or `tags`. */
  readonly name: string;
  readonly ok: boolean;
  /** What was found (and, for a failure, what was expected). */
  readonly detail: string;
  /** For a failure: the exact command (AWS CLI or this package's CLI) that fixes it, or what to do. */
  readonly fix?: string;
}

/** The table's tags, or why they could not be read (DynamoDB Local does not support tagging). Internal. */
export type TableTags = readonly Tag[] | { readonly unsupported: string };

/** A check that passed. Internal. */
export const pass = (name: string, detail: string): SessionTableCheck => ({
  name,
  ok: true,
  detail,
});
/** A check that failed, with its fix when there is one. Internal. */
export const fail = (name: string, detail: string, fix?: string): SessionTableCheck =>
  fix === undefined ? { name, ok: false, detail } : { name, ok: false, detail, fix };
