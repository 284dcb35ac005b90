import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { keepSigners } from './built-client-tuning.js';

describe('keepSigners', () => {
  const clientOf = () =>
    new DynamoDBClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });

  it("the SDK's own signer option builds a new signer for every call (what it spares)", async () => {
    const client = clientOf();
    expect(await client.config.signer()).not.toBe(await client.config.signer());
  });

  it('signs every call of one auth scheme with one signer, and each scheme with its own', async () => {
    const client = clientOf();
    keepSigners(client);
    const first = await client.config.signer();
    expect(await client.config.signer()).toBe(first);
    const other = {
      name: 'sigv4',
      signingName: 'dynamodb',
      signingRegion: 'us-east-2',
      properties: {},
    };
    const ofOther = await client.config.signer(other);
    expect(ofOther).not.toBe(first);
    expect(await client.config.signer({ ...other })).toBe(ofOther);
  });

  it('a signer that could not be made is made again on the next call', async () => {
    const client = clientOf();
    const made = client.config.signer;
    let fail = true;
    client.config.signer = (authScheme) => {
      if (!fail) return made(authScheme);
      fail = false;
      return Promise.reject(new Error('region provider failed'));
    };
    keepSigners(client);
    await expect(client.config.signer()).rejects.toThrow('region provider failed');
    await expect(client.config.signer()).resolves.toBeDefined();
  });
});
