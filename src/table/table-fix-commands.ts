import type { ClientTarget } from './client-target.js';
import type { ResolvedSessionTableOptions } from './session-table-options.js';
import {
  DEFAULT_EXPIRES_ATTRIBUTE,
  DEFAULT_KEY_ATTRIBUTE,
  DEFAULT_USER_INDEX_NAME,
  USER_INDEX_ATTRIBUTE_DEFINITIONS,
  userIndexDefinition,
} from './session-table.constants.js';

/** The command that runs this package's CLI. */
export const CLI_COMMAND = 'npx nestjs-dynamodb-session';

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:=/@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Builds the exact commands that fix a table: AWS CLI commands (with the client's region and custom
 * endpoint, so they act on the same table) and this package's CLI. Internal.
 */
export class TableFixCommands {
  constructor(
    private readonly options: ResolvedSessionTableOptions,
    private readonly target: ClientTarget,
  ) {}

  /** `aws dynamodb <sub> --table-name T ...` for this table. */
  aws(subcommand: string, ...args: string[]): string {
    const words = ['aws', 'dynamodb', subcommand, ...args];
    if (this.target.region !== undefined) words.push('--region', this.target.region);
    if (this.target.endpoint !== undefined) words.push('--endpoint-url', this.target.endpoint);
    return words.join(' ');
  }

  private table(): string {
    return `--table-name ${shellWord(this.options.tableName)}`;
  }

  /** This package's CLI creating the table as the options describe it. */
  createTable(tableName = this.options.tableName): string {
    const { options, target } = this;
    const words = [CLI_COMMAND, 'create-table', '--table', shellWord(tableName)];
    if (target.region !== undefined) words.push('--region', target.region);
    if (target.endpoint !== undefined) words.push('--endpoint', target.endpoint);
    if (options.keyAttribute !== DEFAULT_KEY_ATTRIBUTE)
      words.push('--key-attribute', shellWord(options.keyAttribute));
    if (options.expiresAttribute !== DEFAULT_EXPIRES_ATTRIBUTE)
      words.push('--expires-attribute', shellWord(options.expiresAttribute));
    if (options.userIndexName === false) words.push('--no-user-index');
    else if (options.userIndexName !== DEFAULT_USER_INDEX_NAME)
      words.push('--user-index-name', shellWord(options.userIndexName));
    if (options.billing?.mode === 'provisioned')
      words.push('--provisioned', `${options.billing.read},${options.billing.write}`);
    if (options.stream !== undefined)
      words.push('--stream', options.stream.toLowerCase().replace(/_/g, '-'));
    for (const [key, value] of Object.entries(options.tags))
      words.push('--tag', shellWord(`${key}=${value}`));
    return words.join(' ');
  }

  waitForTable(): string {
    return this.aws('wait', 'table-exists', this.table());
  }

  ttl(enabled: boolean, attribute: string): string {
    return this.aws(
      'update-time-to-live',
      this.table(),
      '--time-to-live-specification',
      shellWord(`Enabled=${enabled},AttributeName=${attribute}`),
    );
  }

  /**
   * Adds the user index (named `indexName`, by default `userIndexName`); `throughput` for a provisioned
   * table (the index gets the table's).
   */
  createUserIndex(
    throughput?: { read: number; write: number },
    indexName = String(this.options.userIndexName),
  ): string {
    const create: Record<string, unknown> = userIndexDefinition(
      indexName,
      this.options.expiresAttribute,
    );
    if (throughput !== undefined)
      create['ProvisionedThroughput'] = {
        ReadCapacityUnits: throughput.read,
        WriteCapacityUnits: throughput.write,
      };
    return this.aws(
      'update-table',
      this.table(),
      '--attribute-definitions',
      ...USER_INDEX_ATTRIBUTE_DEFINITIONS.map(
        (definition) =>
          `AttributeName=${shellWord(definition.AttributeName)},AttributeType=${definition.AttributeType}`,
      ),
      '--global-secondary-index-updates',
      shellWord(JSON.stringify([{ Create: create }])),
    );
  }

  deleteUserIndex(): string {
    return this.aws(
      'update-table',
      this.table(),
      '--global-secondary-index-updates',
      shellWord(JSON.stringify([{ Delete: { IndexName: this.options.userIndexName } }])),
    );
  }

  /** Switches the billing mode (and the index's throughput, for a provisioned table with the index). */
  billing(hasUserIndex: boolean): string {
    const billing = this.options.billing;
    if (billing?.mode !== 'provisioned')
      return this.aws('update-table', this.table(), '--billing-mode', 'PAY_PER_REQUEST');
    const args = [
      this.table(),
      '--billing-mode',
      'PROVISIONED',
      '--provisioned-throughput',
      `ReadCapacityUnits=${billing.read},WriteCapacityUnits=${billing.write}`,
    ];
    if (hasUserIndex)
      args.push(
        '--global-secondary-index-updates',
        shellWord(
          JSON.stringify([
            {
              Update: {
                IndexName: this.options.userIndexName,
                ProvisionedThroughput: {
                  ReadCapacityUnits: billing.read,
                  WriteCapacityUnits: billing.write,
                },
              },
            },
          ]),
        ),
      );
    return this.aws('update-table', ...args);
  }

  stream(enabled: boolean): string {
    const spec = enabled
      ? `StreamEnabled=true,StreamViewType=${this.options.stream}`
      : 'StreamEnabled=false';
    return this.aws('update-table', this.table(), '--stream-specification', spec);
  }

  tag(tableArn: string, tags: [string, string][]): string {
    return this.aws(
      'tag-resource',
      '--resource-arn',
      shellWord(tableArn),
      '--tags',
      ...tags.map(([key, value]) => shellWord(`Key=${key},Value=${value}`)),
    );
  }
}
