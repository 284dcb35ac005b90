/**
 * The part of an AWS Lambda event from a DynamoDB stream that the expiry handler reads: structurally
 * the `DynamoDBStreamEvent` of `@types/aws-lambda`, which the app need not install.
 */
export interface SessionStreamEvent {
  readonly Records: readonly SessionStreamRecord[];
}

/** One change of the table, as Lambda delivers it (attribute values in DynamoDB's JSON: `{ "S": … }`). */
export interface SessionStreamRecord {
  readonly eventName?: string;
  /** Who made the change: for a TTL deletion, DynamoDB itself (`Service`, `dynamodb.amazonaws.com`). */
  readonly userIdentity?: { readonly type?: string; readonly principalId?: string };
  readonly dynamodb?: {
    /** When the change was made (epoch seconds). */
    readonly ApproximateCreationDateTime?: number;
    readonly Keys?: Readonly<Record<string, StreamAttributeValue>>;
    /** The item before the change (stream view `OLD_IMAGE` or `NEW_AND_OLD_IMAGES`). */
    readonly OldImage?: Readonly<Record<string, StreamAttributeValue>>;
    readonly SequenceNumber?: string;
  };
}

/** An attribute value in DynamoDB's JSON; the handler reads only strings. */
export interface StreamAttributeValue {
  readonly S?: string;
}

/**
 * Lambda's partial batch response: the records to deliver again. Lambda acts on it only when the
 * event source mapping has `FunctionResponseTypes: [ReportBatchItemFailures]`.
 */
export interface SessionStreamBatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}
