import { envVariableNames } from '../src/options/environment-variables.js';
import type { OptionDefinition } from '../src/options/option-definition.js';
import { SESSION_OPTION_DEFINITIONS } from '../src/options/session-option-definitions.js';
import { readMarkdown } from './support/markdown.js';

const options = readMarkdown('docs/options.md');

/** The rows of the options table of docs/options.md: [option, environment variable, default, meaning]. */
function optionRows(): string[][] {
  const section = options.split('\nModule extras')[0] ?? '';
  return (
    section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      // The first three cells hold no `|`; the meaning, last, may.
      .map((line) =>
        line
          .slice(1)
          .split('|')
          .map((cell) => cell.trim()),
      )
  );
}

/** The table's row of each option, as its definition says it: `cookie` and `token` a row per field. */
function definedRows(): [string, OptionDefinition<unknown>][] {
  const { cookie, token, ...options } = SESSION_OPTION_DEFINITIONS;
  const fieldRows = (group: string, definition: OptionDefinition<unknown>) =>
    Object.entries(definition.fields ?? {}).map(
      ([name, field]): [string, OptionDefinition<unknown>] => [`${group}.${name}`, field],
    );
  return [...Object.entries(options), ...fieldRows('cookie', cookie), ...fieldRows('token', token)];
}

/** The Default cell a definition asks for: its own words, or the default value in backticks. */
function defaultCell(definition: OptionDefinition<unknown>): string {
  return definition.documentedDefault ?? `\`${String(definition.default)}\``;
}

describe('docs/options.md', () => {
  const rows = new Map(optionRows().map((row) => [row[0]?.replace(/`/g, ''), row]));

  it('documents every option, and no option that does not exist', () => {
    const documented = optionRows().map((row) => row[0]?.replace(/`/g, ''));
    const defined = definedRows().map(([name]) => name);
    expect([...documented].sort()).toEqual([...defined].sort());
  });

  it("names each option's environment variables, exactly those dynamoSessionConfig reads", () => {
    for (const [name, definition] of definedRows()) {
      const documented = [...(rows.get(name)?.[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(
        (match) => match[1],
      );
      expect({ name, env: documented.sort() }).toEqual({
        name,
        env: envVariableNames(definition).sort(),
      });
    }
  });

  it("states each option's default as its definition has it", () => {
    for (const [name, definition] of definedRows()) {
      const cell = rows.get(name)?.[2] ?? '';
      const expected = defaultCell(definition);
      // The cell may go on after the default, e.g. "`1209600` (14 days)".
      expect({ name, default: cell === expected ? cell : cell.split(' (')[0] }).toEqual({
        name,
        default: expected,
      });
    }
  });
});
