import {
  chooseChromium,
  SYSTEM_CHROMIUM_PATH,
  type ChromiumLookup,
} from './support/chromium-choice.js';

/** A lookup on Linux x64 where only `files` exist. */
function lookup(env: Record<string, string>, files: string[], platform = 'linux'): ChromiumLookup {
  return { env, exists: (path) => files.includes(path), platform, arch: 'x64' };
}

describe('chooseChromium: which Chromium the browser specs start', () => {
  const custom = '/opt/chrome/chrome';

  it('takes CHROMIUM_PATH first, even when a system Chromium exists', () => {
    expect(
      chooseChromium(lookup({ CHROMIUM_PATH: custom }, [custom, SYSTEM_CHROMIUM_PATH])),
    ).toEqual({ source: 'CHROMIUM_PATH', path: custom });
  });

  it('takes /usr/bin/chromium when CHROMIUM_PATH is not set, or set to nothing', () => {
    const system = { source: 'system', path: SYSTEM_CHROMIUM_PATH };
    expect(chooseChromium(lookup({}, [SYSTEM_CHROMIUM_PATH]))).toEqual(system);
    expect(chooseChromium(lookup({ CHROMIUM_PATH: '' }, [SYSTEM_CHROMIUM_PATH]))).toEqual(system);
  });

  it('falls back to the packaged Chromium when neither is there', () => {
    expect(chooseChromium(lookup({}, [custom]))).toEqual({ source: 'package' });
  });

  it('fails, naming the path, when CHROMIUM_PATH names no file (no silent fallback)', () => {
    expect(() => chooseChromium(lookup({ CHROMIUM_PATH: custom }, [SYSTEM_CHROMIUM_PATH]))).toThrow(
      `CHROMIUM_PATH is "${custom}", but there is no file there`,
    );
  });

  it('fails with what to do where the packaged Linux x64 build cannot run', () => {
    expect(() => chooseChromium(lookup({}, [], 'darwin'))).toThrow(
      /Linux x64 build \(this is darwin x64\)\. Set CHROMIUM_PATH/,
    );
    expect(chooseChromium(lookup({}, [SYSTEM_CHROMIUM_PATH], 'darwin'))).toEqual({
      source: 'system',
      path: SYSTEM_CHROMIUM_PATH,
    });
  });
});
