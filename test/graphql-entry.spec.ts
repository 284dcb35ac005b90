import { join } from 'node:path';
import { Plugin } from '@nestjs/apollo';
import {
  APOLLO_PLUGIN_METADATA,
  SessionApolloPlugin,
} from '../src/graphql/session-apollo.plugin.js';
import { loadedFrom, packagesOf } from './support/source-imports.js';

const src = join(import.meta.dirname, '..', 'src');

describe('the graphql entry point', () => {
  it('is the only one that loads GraphQL packages: the main entry point loads none', () => {
    const loaded = [...loadedFrom(join(src, 'index.ts'))];
    const graphqlImports = loaded.flatMap((file) =>
      packagesOf(file)
        .filter((name) =>
          /^(graphql|@nestjs\/graphql|@nestjs\/apollo|@nestjs\/mercurius|@apollo\/|mercurius)/.test(
            name,
          ),
        )
        .map((name) => `${file} -> ${name}`),
    );
    expect(graphqlImports).toEqual([]);
    expect(loaded.some((file) => file.includes(`${join('src', 'graphql')}`))).toBe(false);
    // The graphql entry point does load them (the check can fail).
    const fromGraphql = [...loadedFrom(join(src, 'graphql', 'index.ts'))].flatMap(packagesOf);
    expect(fromGraphql).toEqual(expect.arrayContaining(['graphql', '@nestjs/graphql']));
  });

  it("marks SessionApolloPlugin with @nestjs/apollo's @Plugin() metadata, without loading the package", () => {
    @Plugin()
    class Marked {}
    expect(Reflect.getMetadataKeys(Marked)).toContain(APOLLO_PLUGIN_METADATA);
    expect(Reflect.getMetadata(APOLLO_PLUGIN_METADATA, SessionApolloPlugin)).toBe(true);
  });
});
