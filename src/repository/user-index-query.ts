import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CLIENT_IP_ATTRIBUTE,
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

/**
 * DynamoDB's refusal of a Query that names `clientIp` on a user index that does not project it: an
 * index created before the client IP was listed, which cannot be changed in place.
 */
function lacksClientIp(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /does not project/i.test(error.message) &&
    error.message.includes(CLIENT_IP_ATTRIBUTE)
  );
}

/** Queries of the user index: a user's sessions, newest first, from the index alone. */
export class UserIndexQuery {
  /**
   * False once the index refused `clientIp` (an index of the layout before it, until it is replaced):
   * summaries are then listed without their IP, one Query a page again.
   */
  private projectsClientIp = true;

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

  /**
   * One Query of the user index, newest sessions first: keys only, or the summaries listing shows. An
   * index that does not project `clientIp` yet answers the summaries without it (one refused Query,
   * once).
   */
  async page(
    userId: string,
    query: { from: Record<string, unknown> | undefined; limit: number; summaries?: boolean },
  ): Promise<UserIndexPage> {
    const page = await this.sender.send('Query', async (abortSignal) => {
      const withIp = query.summaries === true && this.projectsClientIp;
      try {
        return await this.client.send(this.command(userId, query, withIp), { abortSignal });
      } catch (error) {
        if (!withIp || !lacksClientIp(error)) throw error;
        this.projectsClientIp = false;
        return this.client.send(this.command(userId, query, false), { abortSignal });
      }
    });
    return { items: (page.Items ?? []) as Item[], ...optional('next', page.LastEvaluatedKey) };
  }

  private command(
    userId: string,
    query: { from: Record<string, unknown> | undefined; limit: number; summaries?: boolean },
    withIp: boolean,
  ): QueryCommand {
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
        ...(withIp ? { '#clientIp': CLIENT_IP_ATTRIBUTE } : {}),
      });
    }
    return new QueryCommand({
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
    });
  }
}
