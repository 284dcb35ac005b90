import { parseBenchOptions } from '../bench/bench-options.js';
import {
  APP_CONTENT,
  BUNDLE_EXTERNALS,
  contentOf,
  esbuildCommand,
} from '../bench/cold-start/bundle-target.js';

describe("the bench's cold-start step: options and bundle contents", () => {
  it('runs in full runs with 10 processes per target, in quick runs only when asked', () => {
    const repetitions = (...args: string[]) =>
      parseBenchOptions(args, '/results').options.coldStartRepetitions;
    expect(repetitions()).toBe(10);
    expect(repetitions('--quick')).toBe(0);
    expect(repetitions('--quick', '--cold-start', '3')).toBe(3);
    expect(repetitions('--cold-start', '0')).toBe(0);
    expect(() => repetitions('--cold-start', '-1')).toThrow('--cold-start');
  });

  it("attributes each bundled file to its package (the library's built package included) or the app", () => {
    expect(contentOf('/repo/node_modules/express-session/index.js')).toBe('express-session');
    expect(contentOf('/repo/node_modules/express-session/node_modules/cookie/index.js')).toBe(
      'cookie',
    );
    expect(contentOf('../main/node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(contentOf('.build/bench/node_modules/nestjs-dynamodb-session/dist/index.js')).toBe(
      'nestjs-dynamodb-session',
    );
    expect(contentOf('.build/bench/bench/targets/ours/ours.module.js')).toBe(APP_CONTENT);
    expect(contentOf('.build/bench/src/index.js')).toBe(APP_CONTENT);
  });

  it('gives the settings as a command a user runs on their compiled app', () => {
    const command = esbuildCommand('dist/main.js', 'out/main.mjs');
    expect(command).toMatch(
      /^npx esbuild dist\/main\.js --bundle --minify --platform=node --format=esm --target=node22 /,
    );
    for (const name of BUNDLE_EXTERNALS) expect(command).toContain(`'--external:${name}'`);
    expect(command).toContain('createRequire');
    expect(command).toMatch(/ --outfile=out\/main\.mjs$/);
  });
});
