import { dynamoItemSize } from './dynamo-item-size.js';

describe('dynamoItemSize (DynamoDB item size rules)', () => {
  it('counts names and strings in UTF-8 bytes', () => {
    expect(dynamoItemSize({ id: 'abc' })).toBe(2 + 3);
    expect(dynamoItemSize({ é: 'ü€' })).toBe(2 + 5);
  });

  it('counts a number as 1 byte per two significant digits plus 1', () => {
    expect(dynamoItemSize({ n: 7 })).toBe(1 + 2);
    expect(dynamoItemSize({ n: 1234 })).toBe(1 + 3);
    expect(dynamoItemSize({ n: 1200000 })).toBe(1 + 2); // trailing zeros trimmed
    expect(dynamoItemSize({ n: 0.000123 })).toBe(1 + 3); // leading zeros trimmed
    expect(dynamoItemSize({ n: 1776383800123 })).toBe(1 + 8);
  });

  it('counts booleans and null as 1 byte', () => {
    expect(dynamoItemSize({ b: true, z: null })).toBe(2 + 2);
  });

  it('counts lists and maps as 3 bytes plus their elements, 1 byte more each', () => {
    expect(dynamoItemSize({ l: [] })).toBe(1 + 3);
    expect(dynamoItemSize({ l: ['ab', true] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamoItemSize({ m: { ab: 'cd' } })).toBe(1 + 3 + (1 + 2 + 2));
    expect(dynamoItemSize({ m: { x: { y: [1] } } })).toBe(
      1 + 3 + (1 + 1 + (3 + (1 + 1 + (3 + (1 + 2))))),
    );
  });
});
