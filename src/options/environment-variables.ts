import type { OptionDefinition, OptionDefinitions } from './option-definition.js';

/** The environment `sessionOptionsFromEnv` reads: `process.env` or a stand-in. */
export type Env = Record<string, string | undefined>;

/**
 * The environment variable of an option, and how its text (trimmed, never empty) becomes the option's
 * value. A text that is not a valid value stays text, so that validation names it.
 */
export interface EnvVariable {
  readonly name: string;
  readonly read: (text: string) => unknown;
}

/** The variable's text as it is. */
export const text = (name: string): EnvVariable => ({ name, read: (value) => value });

/** The variable's text in lower case (`Strict` is `strict`). */
export const lowerCase = (name: string): EnvVariable => ({
  name,
  read: (value) => value.toLowerCase(),
});

/** `true` or `false` as booleans; any other text in lower case (`auto`, or what validation names). */
export const trueFalseOrText = (name: string): EnvVariable => ({
  name,
  read(value) {
    const lower = value.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : lower;
  },
});

/** A whole number. */
export const wholeNumber = (name: string): EnvVariable => ({
  name,
  read: (value) => (/^-?\d+$/.test(value) ? Number(value) : value),
});

/** A comma-separated list. */
export const commaSeparated = (name: string): EnvVariable => ({
  name,
  read: (value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
});

/** The value of one variable, or undefined when it is unset or blank. */
function readVariable(env: Env, variable: EnvVariable): unknown {
  const value = env[variable.name]?.trim();
  return value === undefined || value === '' ? undefined : variable.read(value);
}

/**
 * The options `definitions` read from `env`: an option whose variable is set, and an object of
 * options (`cookie`, `legacy`...) when any of its variables is set. Undefined when none is.
 */
export function optionsFromEnv(
  definitions: OptionDefinitions,
  env: Env,
): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const value =
      definition.fields !== undefined
        ? optionsFromEnv(definition.fields, env)
        : definition.env && readVariable(env, definition.env);
    if (value !== undefined) options[name] = value;
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/** The names of the variables that set an option, its nested options' included. */
export function envVariableNames(definition: OptionDefinition<unknown>): string[] {
  return [
    ...(definition.env === undefined ? [] : [definition.env.name]),
    ...Object.values(definition.fields ?? {}).flatMap(envVariableNames),
  ];
}
