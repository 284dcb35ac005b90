import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StubDynamoDb } from '../bench/together/stub-dynamodb.js';
import { summarizeTogether } from '../bench/together/together-summary.js';

/** A fake DynamoDB that answers every call with its own count, and remembers the operations. */
async function fakeDynamoDb(): Promise<{ server: Server; endpoint: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      calls.push(target.slice(target.indexOf('.') + 1));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ Item: { n: { N: String(calls.length) } } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

async function call(endpoint: string, operation: string, input: object): Promise<unknown> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
    },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe('the stub DynamoDB of bench:together', () => {
  let fake: Awaited<ReturnType<typeof fakeDynamoDb>>;
  let stub: StubDynamoDb;
  const key = (id: string) => ({ TableName: 't', Key: { id: { S: id } } });

  beforeEach(async () => {
    fake = await fakeDynamoDb();
    stub = await StubDynamoDb.start(fake.endpoint);
  });

  afterEach(async () => {
    await stub.close();
    fake.server.closeAllConnections();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('forwards every call until frozen, keeping the last answer to each read', async () => {
    expect(await call(stub.endpoint, 'GetItem', key('a'))).toEqual({ Item: { n: { N: '1' } } });
    await call(stub.endpoint, 'UpdateItem', key('a'));
    expect(await call(stub.endpoint, 'GetItem', key('a'))).toEqual({ Item: { n: { N: '3' } } });
    expect(fake.calls).toEqual(['GetItem', 'UpdateItem', 'GetItem']);
    expect(stub.keptReads).toBe(1);
  });

  it('frozen, answers kept reads and writes itself, and forwards the rest', async () => {
    await call(stub.endpoint, 'GetItem', key('a'));
    stub.freeze();
    expect(await call(stub.endpoint, 'GetItem', key('a'))).toEqual({ Item: { n: { N: '1' } } });
    expect(await call(stub.endpoint, 'UpdateItem', key('a'))).toEqual({});
    expect(await call(stub.endpoint, 'PutItem', { TableName: 't', Item: {} })).toEqual({});
    expect(
      await call(stub.endpoint, 'UpdateItem', { ...key('a'), ReturnValues: 'UPDATED_NEW' }),
    ).toEqual({ Attributes: { expires: { N: '1' } } });
    expect(fake.calls).toEqual(['GetItem']);
    // A read it kept nothing for, and any other call, still reach DynamoDB.
    expect(await call(stub.endpoint, 'GetItem', key('b'))).toEqual({ Item: { n: { N: '2' } } });
    await call(stub.endpoint, 'Query', { TableName: 't' });
    expect(fake.calls).toEqual(['GetItem', 'GetItem', 'Query']);
    expect(stub.keptReads).toBe(1);
  });
});

describe('the summary of bench:together', () => {
  it('answers the second target over the first per round, with their median, mean and range', () => {
    const summary = summarizeTogether([
      { cpuUs: [100, 110] },
      { cpuUs: [200, 180] },
      { cpuUs: [100, 130] },
      { cpuUs: [100, 100] },
    ]);
    expect(summary.ratios).toEqual([1.1, 0.9, 1.3, 1]);
    expect(summary.median).toBeCloseTo(1.05);
    expect(summary.mean).toBeCloseTo(1.075);
    expect([summary.min, summary.max]).toEqual([0.9, 1.3]);
  });

  it('refuses rounds that measured nothing', () => {
    expect(() => summarizeTogether([])).toThrow('no round');
    expect(() => summarizeTogether([{ cpuUs: [0, 1] }])).toThrow('no CPU');
  });
});
