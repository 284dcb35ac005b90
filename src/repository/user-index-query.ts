import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CREATED_AT_ATTRIBUTE,
  TOUCHED_AT_ATTRIBUTE,
  USER_AGENT_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
} from '../table/session-table.constants.js';
import type { DynamoCommandSender } from './dynamo-command-sender.js';
import { userIndexPosition } from './session-cursor.js';
import { optional, type Item, type SessionItem } from './session-item.js';

/** Keys per page of the user index, so a user with many sessions is read in several small queries. */
const QUERY_PAGE_SIZE = 100;

/** A page of the user index and where the next one starts. */
export interface UserIndexPage {
  items: Item[];
  next?: Record<string, unknown>;
}

/** Queries of the user index: a user's sessions, newest first, from the index alone. */
export class UserIndexQuery {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly sender: DynamoCommandSender,
    private readonly items: SessionItem,
    private readonly indexName: string,
  ) {}

  /** The ExclusiveStartKey a cursor stands for, checked against the user it must belong to. */
  startKey(userId: string, cursor: string): Record<string, unknown> {
    return userIndexPosition(cursor, userId, this.items.names.keyAttribute);
  }

  /** Keys of a user's sessions, every page of the index. */
  async keys(userId: string): Promise<string[]> {
    const keys: string[] = [];
    let from: Record<string, unknown> | undefined;
    do {
      const page = await this.page(userId, { from, limit: QUERY_PAGE_SIZE });
      for (const item of page.items) keys.push(this.items.key(item));
      from = page.next;
    } while (from !== undefined);
    return keys;
  }

  /** One Query of the user index, newest sessions first: keys only, or the summaries listing shows. */
  async page(
    userId: string,
    query: { from: Record<string, unknown> | undefined; limit: number; summaries?: boolean },
  ): Promise<UserIndexPage> {
    const names: Record<string, string> = {
      '#userId': USER_ID_ATTRIBUTE,
      '#key': this.items.names.keyAttribute,
    };
    if (query.summaries === true) {
      Object.assign(names, {
        '#createdAt': CREATED_AT_ATTRIBUTE,
        '#touchedAt': TOUCHED_AT_ATTRIBUTE,
        '#expires': this.items.names.expiresAttribute,
        '#userAgent': USER_AGENT_ATTRIBUTE,
      });
    }
    const page = await this.sender.send('Query', (abortSignal) =>
      this.client.send(
        new QueryCommand({
          TableName: this.sender.table,
          IndexName: this.indexName,
          KeyConditionExpression: '#userId = :userId',
          ProjectionExpression: Object.keys(names)
            .filter((name) => name !== '#userId')
            .join(', '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':userId': userId },
          ScanIndexForward: false,
          ExclusiveStartKey: query.from,
          Limit: query.limit,
        }),
        { abortSignal },
      ),
    );
    return { items: (page.Items ?? []) as Item[], ...optional('next', page.LastEvaluatedKey) };
  }
}
