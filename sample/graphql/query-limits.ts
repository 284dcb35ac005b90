import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** How much one GraphQL operation may ask for (see {@link queryLimits}). */
export interface QueryLimits {
  /** Aliased fields in an operation, fragments counted each time they are spread. */
  readonly maxAliases: number;
  /** Fields nested inside one another, through fragments. */
  readonly maxDepth: number;
}

/** The sample's limits: far above what its pages and clients send. */
export const SAMPLE_QUERY_LIMITS: QueryLimits = { maxAliases: 20, maxDepth: 8 };

/**
 * A validation rule that refuses, before anything runs, an operation with more aliased fields or
 * deeper nesting than `limits`: one request of a few KB with hundreds of aliases of one mutation
 * would otherwise write hundreds of session keys (and make every later request read them).
 */
export function queryLimits(limits: QueryLimits): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    /** Aliases and depth of a selection set, fragments expanded (graphql refuses fragment cycles). */
    const measure = (
      set: SelectionSetNode,
      seen: ReadonlySet<string>,
    ): { aliases: number; depth: number } => {
      let aliases = 0;
      let depth = 0;
      for (const selection of set.selections) {
        let inner: { aliases: number; depth: number } = { aliases: 0, depth: 0 };
        if (selection.kind === Kind.FIELD) {
          if (selection.alias !== undefined) aliases += 1;
          if (selection.selectionSet !== undefined) inner = measure(selection.selectionSet, seen);
          inner = { aliases: inner.aliases, depth: inner.depth + 1 };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet, seen);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment !== undefined && !seen.has(name)) {
            inner = measure(fragment.selectionSet, new Set([...seen, name]));
          }
        }
        aliases += inner.aliases;
        depth = Math.max(depth, inner.depth);
      }
      return { aliases, depth };
    };
    return {
      OperationDefinition(operation) {
        const { aliases, depth } = measure(operation.selectionSet, new Set());
        if (aliases > limits.maxAliases) {
          context.reportError(
            new GraphQLError(
              `This operation has ${aliases} aliased fields; at most ${limits.maxAliases} are allowed.`,
              { nodes: [operation] },
            ),
          );
        }
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(
              `This operation nests fields ${depth} deep; at most ${limits.maxDepth} levels are allowed.`,
              { nodes: [operation] },
            ),
          );
        }
      },
    };
  };
}
