import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMarkdown, root } from './support/markdown.js';

describe('docs/testing.md', () => {
  it('shows exactly the example spec that runs', () => {
    const example = readFileSync(join(root, 'test/examples/testing-your-app.e2e.spec.ts'), 'utf8')
      .replace("'../../src/index.js'", "'nestjs-dynamodb-session'")
      .replace("'../../src/testing/index.js'", "'nestjs-dynamodb-session/testing'");
    expect(example).toContain("from 'nestjs-dynamodb-session/testing'");
    expect(readMarkdown('docs/testing.md')).toContain(`\n\`\`\`ts\n${example}\`\`\`\n`);
  });
});
