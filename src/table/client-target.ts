import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Where a client sends its requests, as far as its configuration tells. Internal. */
export interface ClientTarget {
  /** The region, when one resolves. */
  readonly region?: string;
  /** A custom endpoint (e.g. DynamoDB Local's), as a URL without a trailing slash. */
  readonly endpoint?: string;
}

/** Reads the region and custom endpoint of a client; never throws (what cannot be read is left out). */
export async function clientTarget(client: DynamoDBClient): Promise<ClientTarget> {
  const config = client.config as {
    region?: string | (() => Promise<string>);
    endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
    isCustomEndpoint?: boolean;
  };
  let region: string | undefined;
  let endpoint: string | undefined;
  try {
    region = typeof config.region === 'function' ? await config.region() : config.region;
  } catch {
    region = undefined;
  }
  try {
    if (config.isCustomEndpoint === true && config.endpoint !== undefined) {
      const url = await config.endpoint();
      const port = url.port === undefined ? '' : `:${url.port}`;
      endpoint = `${url.protocol}//${url.hostname}${port}${url.path}`.replace(/\/$/, '');
    }
  } catch {
    endpoint = undefined;
  }
  return { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
}

/** The endpoint a client talks to: its custom one, or DynamoDB's regional endpoint. */
export function endpointOf(target: ClientTarget): string {
  if (target.endpoint !== undefined) return target.endpoint;
  return target.region === undefined
    ? 'the AWS DynamoDB endpoint'
    : `https://dynamodb.${target.region}.amazonaws.com`;
}
