import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  anchorsOf,
  documentationFiles,
  githubSlug,
  linksOf,
  readMarkdown,
  root,
} from './support/markdown.js';

/** Why a relative link of `file` does not lead where it says, or undefined when it does. */
function brokenLink(file: string, target: string): string | undefined {
  const [path = '', anchor] = target.split('#');
  const linked = path === '' ? file : relative(root, join(root, dirname(file), path));
  if (linked.startsWith('..')) return `${linked} is outside the repository`;
  if (!existsSync(join(root, linked))) return `${linked} does not exist`;
  if (anchor === undefined) return undefined;
  if (!linked.endsWith('.md')) return `#${anchor}: ${linked} is no markdown file`;
  return anchorsOf(readMarkdown(linked)).has(decodeURIComponent(anchor))
    ? undefined
    : `${linked} has no heading #${anchor}`;
}

describe('the links of README.md, CONTRIBUTING.md and docs/*.md', () => {
  it.each(documentationFiles())('%s: every relative link and anchor resolves', (file) => {
    const broken = linksOf(readMarkdown(file))
      .filter((link) => !/^[a-z]+:/i.test(link.target))
      .flatMap((link) => {
        const problem = brokenLink(file, link.target);
        return problem === undefined ? [] : [`${file}:${link.line}: (${link.target}) ${problem}`];
      });
    expect(broken).toEqual([]);
  });

  it('finds the links it checks, and knows a broken one', () => {
    expect(linksOf(readMarkdown('README.md')).length).toBeGreaterThan(20);
    expect(brokenLink('README.md', 'docs/options.md')).toBeUndefined();
    expect(brokenLink('README.md', 'docs/no-such-guide.md')).toMatch(/does not exist/);
    expect(brokenLink('docs/options.md', '../README.md#quick-start')).toBeUndefined();
    expect(brokenLink('docs/options.md', '../README.md#no-such-heading')).toMatch(/no heading/);
  });

  it("slugs headings as GitHub does: punctuation dropped, code spans' text kept", () => {
    expect(githubSlug("Eventually consistent reads: `consistentRead: 'auto'`")).toBe(
      'eventually-consistent-reads-consistentread-auto',
    );
    expect(githubSlug('A user\'s sessions: "log out everywhere"')).toBe(
      'a-users-sessions-log-out-everywhere',
    );
    expect(githubSlug('Subscriptions (graphql-ws)')).toBe('subscriptions-graphql-ws');
    expect([...anchorsOf('# Notes\n\n## Notes\n\n```sh\n# not a heading\n```\n')]).toEqual([
      'notes',
      'notes-1',
    ]);
    expect([...anchorsOf('````md\n# Shown\n```ts\n# code\n```\n````\n\n## After\n')]).toEqual([
      'after',
    ]);
  });
});
