import type { EnvVariable } from './environment-variables.js';

/** What an option is resolved against: the module's options resolved before it, and the time. */
export interface ResolveContext {
  /** The top-level options resolved so far (definitions resolve in their order). */
  readonly earlier: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds: the module's clock. */
  readonly now: number;
}

/** A given value resolved: what the library uses, and every problem as `path: what it must be`. */
export interface Resolution<Value> {
  readonly value: Value;
  readonly problems: readonly string[];
}

/**
 * One option, defined once: its default, the environment variable that sets it, how a given value is
 * checked (and turned into what the library uses), and how docs/options.md states its default. The
 * defaults, `sessionOptionsFromEnv`, the validation and the docs' check all read it.
 */
export interface OptionDefinition<Value> {
  /** The value when none is given. */
  readonly default: Value;
  /** docs/options.md's Default cell, when it is not the default itself in backticks (`none`, `off`...). */
  readonly documentedDefault?: string;
  /** The environment variable `sessionOptionsFromEnv` (and `dynamoSessionConfig`) reads it from. */
  readonly env?: EnvVariable;
  /** The options of a nested object (`cookie`, `legacy`...), each with its own variable. */
  readonly fields?: OptionDefinitions;
  /** Whether `DynamoSessionStore` (express-session) takes the option too, meaning the same there. */
  readonly store?: true;
  /** The name of the resolved field, when it differs from the option's (`secret` -> `secrets`). */
  readonly resolvedAs?: string;
  /** `given` (undefined when not given) checked, at `path` in the messages. */
  readonly resolve: (given: unknown, path: string, context: ResolveContext) => Resolution<Value>;
}

/** The options of one object, by name, in the order they resolve. */
export type OptionDefinitions = Readonly<Record<string, OptionDefinition<unknown>>>;

type ValueOf<D> = D extends OptionDefinition<infer Value> ? Value : never;
type FieldOf<Name, D> = D extends { resolvedAs: infer Field extends string } ? Field : Name;

/** The options of `Definitions` after defaults: an option off by default is an optional field. */
export type ResolvedOptions<Definitions> = {
  -readonly [
    Name in keyof Definitions as undefined extends ValueOf<Definitions[Name]>
      ? never
      : FieldOf<Name, Definitions[Name]>
  ]: ValueOf<Definitions[Name]>;
} & {
  -readonly [
    Name in keyof Definitions as undefined extends ValueOf<Definitions[Name]>
      ? FieldOf<Name, Definitions[Name]>
      : never
  ]?: ValueOf<Definitions[Name]>;
};

/** A value as an error message may show it: never a long text in full, never a function's source. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** A secret or a list of them, as a list (a copy: the caller's array stays theirs). */
export function asList(given: unknown): unknown {
  if (typeof given === 'string') return [given];
  return Array.isArray(given) ? [...(given as unknown[])] : given;
}

/** A rule a given value must meet: nothing when it does, else what the value must be. */
export type Check = (value: unknown, context: ResolveContext) => string | undefined;

interface OptionSettings<Value> {
  readonly default: Value;
  /** The rules, in order: the first one broken is reported (a text is not also "below 1"). */
  readonly checks: readonly Check[];
  /** Check the default when nothing is given: the default is a placeholder that names what is missing. */
  readonly required?: boolean;
  /** `false`: never show the value in a message (secrets, clients). */
  readonly echo?: boolean;
  /** The default from the options resolved before this one, when nothing is given. */
  readonly defaultFrom?: (context: ResolveContext) => Value;
  /** What a given value becomes before the checks (`secret: 'x'` -> `['x']`). */
  readonly from?: (given: unknown) => unknown;
  readonly documentedDefault?: string;
  readonly env?: EnvVariable;
}

/** An option whose given value is used as it is, once it passes `checks`. */
export function option<Value>(settings: OptionSettings<Value>): OptionDefinition<Value> {
  const { checks, required = false, echo = true, defaultFrom, from, ...definition } = settings;
  return {
    ...definition,
    resolve(given, path, context) {
      // `null` for an option that is off by default means "not given" too.
      const absent = given === undefined || (given === null && settings.default === undefined);
      if (absent && !required)
        return { value: defaultFrom?.(context) ?? settings.default, problems: [] };
      const value = absent ? settings.default : from === undefined ? given : from(given);
      const broken = checks
        .map((check) => check(value, context))
        .find((text) => text !== undefined);
      if (broken === undefined) return { value: value as Value, problems: [] };
      const got = echo ? ` (got ${describeValue(value)})` : '';
      return { value: value as Value, problems: [`${path}: ${broken}${got}`] };
    },
  };
}
