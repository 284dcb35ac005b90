import {
  DEFAULT_EXPIRES_ATTRIBUTE,
  DEFAULT_KEY_ATTRIBUTE,
  DEFAULT_TABLE_NAME,
  DEFAULT_USER_INDEX_NAME,
} from '../table/session-table.constants.js';

/** The name the CLI is run by (`npx nestjs-dynamodb-session`). */
export const PROGRAM = 'nestjs-dynamodb-session';

/** Default seconds create-table and delete-table wait for the table. */
export const CLI_MAX_WAIT_SECONDS = 300;

/** The CLI's usage text (`--help`). */
export const USAGE = `Usage: ${PROGRAM} <command> [options]

Manage the DynamoDB table of nestjs-dynamodb-session.

Commands:
  create-table   Create the sessions table (on-demand, TTL, user index) and wait until it is
                 ACTIVE. An existing table is left as it is: exit 0 if it matches, else 1 with
                 what differs. (A table found only after CreateTable was retried, made by the
                 attempt whose answer was lost, is finished as a new one: TTL enabled.)
  check          Check the table against the options; print each check, with the fix for a
                 failure. Exit 1 if one fails.
  delete-table   Delete the table and every session in it (needs --yes).

Options:
  --table NAME               table name (env SESSION_TABLE; default ${DEFAULT_TABLE_NAME})
  --region REGION            AWS region (env AWS_REGION)
  --endpoint URL             DynamoDB endpoint, e.g. http://127.0.0.1:8000 for DynamoDB Local
                             (env DYNAMODB_ENDPOINT)
  --key-attribute NAME       partition key attribute, type S (default ${DEFAULT_KEY_ATTRIBUTE})
  --expires-attribute NAME   expiry attribute, the TTL attribute (default ${DEFAULT_EXPIRES_ATTRIBUTE})
  --user-index-name NAME     the index of sessions by userId (default ${DEFAULT_USER_INDEX_NAME})
  --no-user-index            create no user index / do not check it
  --provisioned READ,WRITE   provisioned capacity (table and index) instead of on-demand;
                             check verifies it when given
  --stream VIEW              enable the table's stream: new-and-old-images, new-image,
                             old-image or keys-only; check verifies it when given
  --tag KEY=VALUE            tag the new table (repeatable); check verifies it when given
  --max-wait SECONDS         how long create-table and delete-table wait (default ${CLI_MAX_WAIT_SECONDS})
  --yes                      confirm delete-table
  -h, --help                 print this text

Flags win over environment variables. AWS credentials come from the usual places (environment,
profile, SSO, instance role). IAM permissions: docs/iam.md.

Exit codes: 0 done, 1 failed (a check failed, the table differs, an AWS error), 2 usage error.
`;
