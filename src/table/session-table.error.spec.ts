import { SessionTableError } from './session-table.error.js';

function awsError(name: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

const LOCAL = { region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' };

describe('SessionTableError.from', () => {
  it('names the IAM action (from the denial when it says) and the table', () => {
    const denied = SessionTableError.from(
      awsError('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized'),
      'DescribeTable',
      'sessions',
      LOCAL,
    );
    expect(denied).toMatchObject({
      kind: 'access-denied',
      code: 'SESSION_TABLE_FAILED',
      causeCode: 'AccessDeniedException',
      operation: 'DescribeTable',
      message:
        'not allowed to dynamodb:DescribeTable on table sessions: grant it (see docs/iam.md)',
    });
    const tagging = SessionTableError.from(
      awsError(
        'AccessDeniedException',
        'User: x is not authorized to perform: dynamodb:TagResource on resource: y',
      ),
      'CreateTable',
      'sessions',
      LOCAL,
    );
    expect(tagging.message).toBe(
      'not allowed to dynamodb:TagResource on table sessions: grant it (see docs/iam.md)',
    );
  });

  it('names the endpoint it cannot reach, also when the SDK kept only the text of the error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), {
      code: 'ECONNREFUSED',
    });
    expect(SessionTableError.from(refused, 'DescribeTable', 'sessions', LOCAL)).toMatchObject({
      kind: 'unreachable',
      causeCode: 'ECONNREFUSED',
      message:
        'cannot reach DynamoDB at http://127.0.0.1:8000 (ECONNREFUSED): is it running, and is the endpoint right?',
    });
    const wrapped = new Error('AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND ddb.example');
    expect(
      SessionTableError.from(wrapped, 'CreateTable', 'sessions', { region: 'eu-west-1' }),
    ).toMatchObject({
      kind: 'unreachable',
      message:
        'cannot reach DynamoDB at https://dynamodb.eu-west-1.amazonaws.com (ENOTFOUND): is it running, and is the endpoint right?',
    });
    expect(
      SessionTableError.from(
        awsError('TimeoutError', 'socket hang up'),
        'DescribeTable',
        't1x',
        LOCAL,
      ).kind,
    ).toBe('unreachable');
  });

  it('tells credentials, region and not-DynamoDB problems apart', () => {
    expect(
      SessionTableError.from(
        awsError('UnrecognizedClientException', 'The security token is invalid'),
        'DescribeTable',
        'sessions',
        LOCAL,
      ).kind,
    ).toBe('credentials');
    expect(
      SessionTableError.from(
        awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
        'DescribeTable',
        'sessions',
        {},
      ).message,
    ).toMatch(/^no AWS credentials found: set AWS_ACCESS_KEY_ID/);
    expect(
      SessionTableError.from(new Error('Region is missing'), 'DescribeTable', 'sessions', {})
        .message,
    ).toBe('no AWS region: set one (AWS_REGION, or --region for the CLI)');
    expect(
      SessionTableError.from(
        awsError('SyntaxError', 'Unexpected token', { $metadata: { httpStatusCode: 404 } }),
        'DescribeTable',
        'sessions',
        LOCAL,
      ),
    ).toMatchObject({
      kind: 'not-dynamodb',
      message:
        'the endpoint http://127.0.0.1:8000 answered HTTP 404 to DescribeTable, not as DynamoDB does: is it a DynamoDB endpoint?',
    });
  });

  it('keeps the AWS error for anything else', () => {
    const cause = awsError('LimitExceededException', 'Too many tables');
    const error = SessionTableError.from(cause, 'CreateTable', 'sessions', LOCAL);
    expect(error).toMatchObject({
      kind: 'other',
      causeCode: 'LimitExceededException',
      cause,
      message: 'CreateTable on table sessions failed: LimitExceededException: Too many tables',
    });
  });
});
