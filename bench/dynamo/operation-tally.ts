import {
  READ_OPERATIONS,
  TRANSACTIONAL_OPERATIONS,
  WRITE_OPERATIONS,
  itemsOf,
} from './operation-kinds.js';

/** What a {@link OperationTally} counted since its last reset. */
export interface TallySnapshot {
  /** Calls per operation name, e.g. `{ GetItem: 1200 }`. */
  readonly operations: Readonly<Record<string, number>>;
  /** Items read (GetItem 1, batches and transactions their items, Query and Scan 1 per call). */
  readonly reads: number;
  /** Items written (PutItem, UpdateItem, DeleteItem 1; transactions and batches their items). */
  readonly writes: number;
  /** Read capacity units DynamoDB Local reported, transactional reads doubled. */
  readonly readUnits: number;
  /** Write capacity units DynamoDB Local reported, transactional writes doubled. */
  readonly writeUnits: number;
  /** Write calls whose capacity was not reported (failed calls): their units are missing. */
  readonly writesWithoutCapacity: number;
  /** GetItems that asked for a strongly consistent read (`ConsistentRead: true`). */
  readonly consistentGetItems: number;
  /** GetItems that read eventually (`ConsistentRead` false or absent). */
  readonly eventualGetItems: number;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
}

/** Counts DynamoDB calls, the items they read and write, and the capacity they consumed. */
export class OperationTally {
  private operations: Record<string, number> = {};
  private reads = 0;
  private writes = 0;
  private readUnits = 0;
  private writeUnits = 0;
  private writesWithCapacity = 0;
  private writeCalls = 0;
  private consistentGetItems = 0;
  private eventualGetItems = 0;

  /** Counts one call of `operation` with its parsed request body (undefined if it was not JSON). */
  request(operation: string, body: Record<string, unknown> | undefined): void {
    this.operations[operation] = (this.operations[operation] ?? 0) + 1;
    if (operation === 'GetItem') {
      if (body?.['ConsistentRead'] === true) this.consistentGetItems += 1;
      else this.eventualGetItems += 1;
    }
    if (READ_OPERATIONS.has(operation)) this.reads += itemsOf(operation, body);
    if (WRITE_OPERATIONS.has(operation)) {
      this.writes += itemsOf(operation, body);
      this.writeCalls += 1;
    }
  }

  /** Adds the `ConsumedCapacity` of a successful answer to `operation` (an object or a list). */
  capacity(operation: string, consumed: unknown): void {
    const entries = (Array.isArray(consumed) ? consumed : [consumed]) as ConsumedCapacity[];
    const factor = TRANSACTIONAL_OPERATIONS.has(operation) ? 2 : 1;
    const units = entries.reduce((sum, entry) => sum + (Number(entry?.CapacityUnits) || 0), 0);
    if (READ_OPERATIONS.has(operation)) this.readUnits += units * factor;
    if (WRITE_OPERATIONS.has(operation)) {
      this.writeUnits += units * factor;
      this.writesWithCapacity += 1;
    }
  }

  snapshot(): TallySnapshot {
    return {
      operations: { ...this.operations },
      reads: this.reads,
      writes: this.writes,
      readUnits: this.readUnits,
      writeUnits: this.writeUnits,
      writesWithoutCapacity: this.writeCalls - this.writesWithCapacity,
      consistentGetItems: this.consistentGetItems,
      eventualGetItems: this.eventualGetItems,
    };
  }

  reset(): void {
    this.operations = {};
    this.reads = 0;
    this.writes = 0;
    this.readUnits = 0;
    this.writeUnits = 0;
    this.writesWithCapacity = 0;
    this.writeCalls = 0;
    this.consistentGetItems = 0;
    this.eventualGetItems = 0;
  }
}
