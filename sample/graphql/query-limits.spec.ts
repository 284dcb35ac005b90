import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimits, SAMPLE_QUERY_LIMITS } from './query-limits.js';

const schema = buildSchema(`
  type Node { id: String, child: Node }
  type Query { me: Node, value(key: String!): String }
  type Mutation { setValue(key: String!, value: String!): Boolean }
`);

const errorsOf = (source: string) =>
  validate(schema, parse(source), [...specifiedRules, queryLimits(SAMPLE_QUERY_LIMITS)]).map(
    (error) => error.message,
  );

describe('queryLimits (the sample GraphQL)', () => {
  it('lets ordinary operations through', () => {
    expect(
      errorsOf('query { me { id child { id } } a: value(key: "a") b: value(key: "b") }'),
    ).toEqual([]);
  });

  it('refuses hundreds of aliases of one mutation, before anything runs', () => {
    const aliases = Array.from(
      { length: 300 },
      (_, i) => `a${i}: setValue(key: "k${i}", value: $v)`,
    );
    const source = `mutation ($v: String!) { ${aliases.join(' ')} }`;
    expect(errorsOf(source)).toEqual([
      'This operation has 300 aliased fields; at most 20 are allowed.',
    ]);
  });

  it('counts aliases in a fragment each time it is spread', () => {
    const fragment =
      'fragment F on Query { a: value(key: "a") b: value(key: "b") c: value(key: "c") }';
    const spreads = Array.from({ length: 7 }, () => '...F').join(' ');
    expect(errorsOf(`query { ${spreads} } ${fragment}`)).toEqual([
      'This operation has 21 aliased fields; at most 20 are allowed.',
    ]);
  });

  it('refuses nesting deeper than the limit, through fragments too', () => {
    const deep = (levels: number) =>
      `query { me { ${'child { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;
    expect(errorsOf(deep(8))).toEqual([]);
    expect(errorsOf(deep(9))).toEqual([
      'This operation nests fields 9 deep; at most 8 levels are allowed.',
    ]);
    const viaFragment = `query { me { ...C } } fragment C on Node { ${'child { '.repeat(8)}id${' }'.repeat(8)} }`;
    expect(errorsOf(viaFragment)).toEqual([
      'This operation nests fields 10 deep; at most 8 levels are allowed.',
    ]);
  });
});
