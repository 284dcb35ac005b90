import { UpdateExpressionBuilder } from './update-expression-builder.js';

describe('UpdateExpressionBuilder', () => {
  it('gives each distinct name one placeholder, in paths too', () => {
    const expression = new UpdateExpressionBuilder()
      .set('data', 1)
      .set(['data', 'a b'], 'x')
      .remove(['data', 'data']);
    expect(expression.toString()).toBe('SET #n0 = :v0, #n0.#n1 = :v1 REMOVE #n0.#n0');
    expect(expression.names).toEqual({ '#n0': 'data', '#n1': 'a b' });
    expect(expression.values).toEqual({ ':v0': 1, ':v1': 'x' });
  });

  it("uses a shared condition's placeholders for the names it also sets, and its own for the rest", () => {
    const expression = new UpdateExpressionBuilder()
      .share({ '#expires': 'ttl', '#touchedAt': 'touchedAt' })
      .set('ttl', 1)
      .set('expiresAtMs', 2)
      .set(['data', 'touchedAt'], 3);
    expect(expression.toString()).toBe('SET #expires = :v0, #n0 = :v1, #n1.#touchedAt = :v2');
    expect(expression.names).toEqual({
      '#expires': 'ttl',
      '#touchedAt': 'touchedAt',
      '#n0': 'expiresAtMs',
      '#n1': 'data',
    });
  });
});
