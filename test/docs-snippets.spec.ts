import { compileSnippets, publicEntryPoints, snippetsOf } from './support/doc-snippets.js';
import { documentationFiles } from './support/markdown.js';

describe('the TypeScript snippets of README.md and docs/*.md', () => {
  const snippets = documentationFiles().flatMap(snippetsOf);

  it('compile against the public API, each a module of its own', () => {
    expect(snippets.filter((snippet) => snippet.skip === undefined).length).toBeGreaterThan(20);
    expect(compileSnippets(snippets)).toEqual([]);
  });

  it('fail to compile when they name what the public API does not have', () => {
    const [snippet] = snippetsOf('README.md').filter((s) =>
      /DynamoSessionModule\.forRoot\(\{/.test(s.code),
    );
    if (snippet === undefined)
      throw new Error('no README snippet calls DynamoSessionModule.forRoot({...})');
    const renamed = { ...snippet, code: snippet.code.replace('tableName:', 'table:') };
    // The markdown line of the renamed option, past the snippet's prelude.
    const line = snippet.line + snippet.code.split('\n').findIndex((l) => l.includes('tableName:'));
    expect(compileSnippets([renamed])).toEqual([
      expect.stringMatching(new RegExp(`^README\\.md:${line}: TS2353: .*'table' does not exist`)),
    ]);
  });

  it('import each public entry point from its source', () => {
    expect(Object.keys(publicEntryPoints())).toEqual(
      expect.arrayContaining(['nestjs-dynamodb-session', 'nestjs-dynamodb-session/testing']),
    );
  });
});
