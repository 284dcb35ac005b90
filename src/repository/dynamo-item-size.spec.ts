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
    expect(dynamoItemSize({ n: 0 })).toBe(1 + 2);
    expect(dynamoItemSize({ n: -120 })).toBe(1 + 2);
    expect(dynamoItemSize({ n: Number.MAX_SAFE_INTEGER })).toBe(1 + 9); // 16 digits
    expect(dynamoItemSize({ n: 1776383800 })).toBe(1 + 5); // 17763838: 8 digits
  });

  it('counts integers as the string rules do (the fast path for times and counters)', () => {
    const slow = (n: number): number => {
      const mantissa = Math.abs(n).toExponential().split('e')[0] ?? '0';
      return Math.ceil(Math.max(1, mantissa.replace('.', '').replace(/0+$/, '').length) / 2) + 1;
    };
    const samples = [1, 9, 10, 99, 100, 101, 1e15, 2 ** 53 - 1, 1733140800000, 1733140801, -7000];
    for (const n of samples) expect([n, dynamoItemSize({ n }) - 1]).toEqual([n, slow(n)]);
  });

  it("counts fractions and large numbers as toExponential()'s mantissa does", () => {
    const slow = (n: number): number => {
      const mantissa = Math.abs(n).toExponential().split('e')[0] ?? '0';
      return Math.ceil(Math.max(1, mantissa.replace('.', '').replace(/0+$/, '').length) / 2) + 1;
    };
    const bits = new DataView(new ArrayBuffer(8));
    const samples = [0.1 + 0.2, 12.99, 100.5, 1e-7, 1.5e-7, 1e21, 1.5e20, 2 ** 60, -0.000120034];
    for (let i = 0; i < 20_000; i += 1) {
      bits.setUint32(0, (Math.random() * 2 ** 32) >>> 0);
      bits.setUint32(4, (Math.random() * 2 ** 32) >>> 0);
      const n = bits.getFloat64(0);
      if (Number.isFinite(n)) samples.push(n);
      samples.push(Math.round(Math.random() * 1e6) / 100, Math.random() * 10 ** ((i % 40) - 20));
    }
    for (const n of samples) expect([n, dynamoItemSize({ n }) - 1]).toEqual([n, slow(n)]);
  });

  it('counts texts in UTF-8 bytes as Buffer.byteLength does, surrogates alone or in pairs', () => {
    const units = [
      0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0xffff,
    ];
    const texts = [
      '',
      'abc',
      'ü€',
      '😀',
      '\ud83d',
      '\ude00x',
      'a\ud83d\ud83d\ude00',
      'x'.repeat(65),
    ];
    for (let i = 0; i < 20_000; i += 1) {
      const length = 1 + Math.floor(Math.random() * 70);
      const codes = Array.from({ length }, () =>
        Math.random() < 0.7
          ? units[Math.floor(Math.random() * units.length)]!
          : Math.floor(Math.random() * 0x10000),
      );
      texts.push(String.fromCharCode(...codes));
    }
    for (const text of texts) {
      expect([text, dynamoItemSize({ [text]: text })]).toEqual([text, 2 * Buffer.byteLength(text)]);
    }
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
