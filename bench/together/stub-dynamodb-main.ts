// Child process: the stub DynamoDB of `npm run bench:together`, so that its CPU is not the load
// generator's. Usage: node stub-dynamodb-main.js <DynamoDB endpoint>
import { announceReady, serveCommands } from '../process/ipc-protocol.js';
import { StubDynamoDb } from './stub-dynamodb.js';

/** What the stub child announces when it is ready. */
export interface StubReady {
  readonly endpoint: string;
}

const upstream = process.argv[2];
if (upstream === undefined) throw new Error('usage: stub-dynamodb-main.js <DynamoDB endpoint>');
const stub = await StubDynamoDb.start(upstream);
serveCommands({
  freeze: () => {
    stub.freeze();
    return stub.keptReads;
  },
  stop: async () => {
    await stub.close();
    setTimeout(() => process.exit(0), 10);
  },
});
announceReady({ endpoint: stub.endpoint } satisfies StubReady);
