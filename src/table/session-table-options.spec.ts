import { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { resolveSessionTableOptions } from './session-table-options.js';

describe('resolveSessionTableOptions', () => {
  it("applies the module's defaults", () => {
    expect(resolveSessionTableOptions()).toMatchObject({
      tableName: 'sessions',
      keyAttribute: 'id',
      expiresAttribute: 'expires',
      userIndexName: 'userId-index',
      billing: undefined,
      stream: undefined,
      tags: {},
      maxWaitSeconds: 120,
    });
  });

  it("uses the same defaults as the module's options", () => {
    const module = new ResolvedSessionOptions();
    expect(resolveSessionTableOptions()).toMatchObject({
      tableName: module.tableName,
      keyAttribute: module.keyAttribute,
      expiresAttribute: module.expiresAttribute,
      userIndexName: module.userIndexName,
    });
  });

  it('names every bad option in one error', () => {
    expect(() =>
      resolveSessionTableOptions({
        tableName: 'a b',
        keyAttribute: 'userId',
        expiresAttribute: '',
        billing: { mode: 'provisioned', read: -1, write: 1 },
        stream: 'EVERYTHING' as never,
        tags: { '': 'x' },
        maxWaitSeconds: 0,
      }),
    ).toThrow(
      new TypeError(
        [
          'Invalid session table options:',
          '- tableName: must be 3 to 255 letters, digits, "_", "-" or "."',
          '- expiresAttribute: must be a non-empty string',
          `- keyAttribute: cannot be "userId", the user index's key`,
          '- billing: read and write must be whole numbers of at least 1',
          '- stream: must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES',
          '- tags: "" must be a key of 1 to 128 characters with a string value of at most 256',
          '- maxWaitSeconds: must be a number of seconds above 0',
        ].join('\n'),
      ),
    );
  });

  it('allows a table without the user index to use userId as its key', () => {
    expect(
      resolveSessionTableOptions({ userIndexName: false, keyAttribute: 'userId' }).keyAttribute,
    ).toBe('userId');
  });
});
