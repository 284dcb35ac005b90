import { TABLE_NAME_PATTERN, USER_ID_ATTRIBUTE } from './session-table.constants.js';

/** The names that shape a sessions table, as the module's options and the table tools both take them. */
export interface SessionTableLayout {
  readonly keyAttribute: string;
  readonly expiresAttribute: string;
  readonly userIndexName: string | false;
}

/** Whether `name` is a valid DynamoDB table or index name. */
export function isTableName(name: unknown): boolean {
  return typeof name === 'string' && TABLE_NAME_PATTERN.test(name);
}

/**
 * The rules between the layout's names (each name's own rule is checked where it is read), one home for
 * the module's options and the table tools: each broken one as `field: what it must be`.
 */
export function sessionTableLayoutProblems(layout: SessionTableLayout): string[] {
  const problems: string[] = [];
  if (layout.userIndexName !== false && layout.keyAttribute === USER_ID_ATTRIBUTE)
    problems.push(`keyAttribute: cannot be "${USER_ID_ATTRIBUTE}", the user index's key`);
  if (layout.expiresAttribute === layout.keyAttribute)
    problems.push('expiresAttribute: must differ from keyAttribute');
  return problems;
}
