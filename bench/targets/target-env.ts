/** The environment a target app reads (the bench sets it when it starts the app). */
export interface TargetEnv {
  /** The counting proxy in front of DynamoDB Local. */
  readonly endpoint: string;
  readonly region: string;
  /** The app's own session table. */
  readonly table: string;
  /** The secret signing session cookies (32+ characters). */
  readonly secret: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

/** Reads {@link TargetEnv} from `DYNAMODB_ENDPOINT`, `AWS_REGION`, `BENCH_TABLE` and `SESSION_SECRET`. */
export function targetEnv(): TargetEnv {
  return {
    endpoint: required('DYNAMODB_ENDPOINT'),
    region: required('AWS_REGION'),
    table: required('BENCH_TABLE'),
    secret: required('SESSION_SECRET'),
  };
}

/** How long a session lives without activity, for every target: this library's default, 14 days. */
export const IDLE_TIMEOUT_SECONDS = 60 * 60 * 24 * 14;
