import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { scanTable } from './support/dynamodb.js';

describe('sessions on DynamoDB Local', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('stores a value and reads it back with the cookie', async () => {
    const put = await request(t.app.getHttpServer())
      .put('/value/cart')
      .send({ value: ['apple'] })
      .expect(200);
    const cookie = put.headers['set-cookie'];
    expect(cookie).toBeDefined();
    const get = await request(t.app.getHttpServer())
      .get('/value/cart')
      .set('Cookie', cookie as unknown as string[])
      .expect(200);
    expect(get.body).toEqual({ value: ['apple'] });
    const items = await scanTable(t.client, t.tableName);
    expect(items).toHaveLength(1);
    expect(items[0]?.['data']).toEqual({ cart: ['apple'] });
  });
});
