/**
 * Objects of options (the module's own, `cookie`, `legacy`, `compression`): each field one definition,
 * resolved in order, unknown keys refused.
 */
import type {
  OptionDefinition,
  OptionDefinitions,
  ResolveContext,
  Resolution,
  ResolvedOptions,
} from './option-definition.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface GroupSettings<Fields extends OptionDefinitions> {
  readonly fields: Fields;
  /** What the object must be, for the message when it is not an object. */
  readonly shape: string;
  /** The message for an unknown key; default: `is not an option (allowed: ...)`. */
  readonly unknownKey?: string;
  /** The rules between the resolved fields, each broken one as `path: what it must be`. */
  readonly rules?: (resolved: ResolvedOptions<Fields>, context: ResolveContext) => string[];
  readonly documentedDefault?: string;
}

/** Every field of `fields` at its default. */
export function defaultsOf<Fields extends OptionDefinitions>(
  fields: Fields,
): ResolvedOptions<Fields> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [field.resolvedAs ?? name, field.default]),
  ) as ResolvedOptions<Fields>;
}

/**
 * The given object's fields resolved in order, unknown keys named first, then the rules between them.
 * `prefix` is the path of the object's fields in messages (`cookie.`, or `` at the top). The fields
 * are written into `into`: at the top, the context's `earlier`, so each option sees those before it.
 */
export function resolveFields<Fields extends OptionDefinitions>(
  settings: GroupSettings<Fields>,
  given: Record<string, unknown>,
  prefix: string,
  context: ResolveContext,
  into: Record<string, unknown> = {},
): Resolution<ResolvedOptions<Fields>> {
  const names = Object.keys(settings.fields);
  const unknownKey = settings.unknownKey ?? `is not an option (allowed: ${names.join(', ')})`;
  const problems = Object.keys(given)
    .filter((key) => !names.includes(key))
    .map((key) => `${prefix}${key}: ${unknownKey}`);
  for (const [name, field] of Object.entries(settings.fields)) {
    const result = field.resolve(given[name], `${prefix}${name}`, context);
    into[field.resolvedAs ?? name] = result.value;
    problems.push(...result.problems);
  }
  const value = into as ResolvedOptions<Fields>;
  problems.push(...(settings.rules?.(value, context) ?? []));
  return { value, problems };
}

/** An object of options always present: not given, every field takes its default (`cookie`). */
export function group<Fields extends OptionDefinitions>(
  settings: GroupSettings<Fields>,
): OptionDefinition<ResolvedOptions<Fields>> {
  return {
    get default() {
      return defaultsOf(settings.fields);
    },
    fields: settings.fields,
    documentedDefault: settings.documentedDefault,
    resolve(given, path, context) {
      if (given === undefined) given = {};
      if (!isObject(given))
        return {
          value: defaultsOf(settings.fields),
          problems: [`${path}: must be ${settings.shape}`],
        };
      return resolveFields(settings, given, `${path}.`, context);
    },
  };
}

/** An object of options that turns a feature on: not given, it is off (`legacy`, `compression`). */
export function optionalGroup<Fields extends OptionDefinitions>(
  settings: GroupSettings<Fields>,
): OptionDefinition<ResolvedOptions<Fields> | undefined> {
  const always = group(settings);
  return {
    default: undefined,
    fields: settings.fields,
    documentedDefault: settings.documentedDefault ?? 'off',
    resolve: (given, path, context) =>
      given === undefined
        ? { value: undefined, problems: [] }
        : always.resolve(given, path, context),
  };
}
