/** Where Debian's `chromium` package installs its launcher. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Which Chromium the browser specs start: the one `CHROMIUM_PATH` names, the system one, or the one
 * inside the `@sparticuz/chromium` devDependency (unpacked on first use, see packaged-chromium.ts).
 */
export type ChromiumChoice =
  | { readonly source: 'CHROMIUM_PATH' | 'system'; readonly path: string }
  | { readonly source: 'package' };

/** What {@link chooseChromium} looks at: given as arguments so that a test can set each of them. */
export interface ChromiumLookup {
  /** The environment (`process.env`); only `CHROMIUM_PATH` is read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a file is at a path (`existsSync`). */
  readonly exists: (path: string) => boolean;
  /** `process.platform` and `process.arch`: the packaged Chromium is a Linux x64 build. */
  readonly platform: string;
  readonly arch: string;
}

/**
 * Picks the Chromium for the browser specs, first match wins: `CHROMIUM_PATH` when set (not empty),
 * then {@link SYSTEM_CHROMIUM_PATH} when it exists, then the Chromium that `@sparticuz/chromium` ships.
 *
 * @throws Error - when `CHROMIUM_PATH` names no file (there is no silent fallback from a path someone
 *   chose), or when nothing is found and the packaged Chromium cannot run on this platform.
 */
export function chooseChromium({ env, exists, platform, arch }: ChromiumLookup): ChromiumChoice {
  const given = env['CHROMIUM_PATH'];
  if (given !== undefined && given !== '') {
    if (!exists(given)) {
      throw new Error(
        `CHROMIUM_PATH is ${JSON.stringify(given)}, but there is no file there. Point it at a ` +
          `Chromium or Chrome executable, or unset it to use ${SYSTEM_CHROMIUM_PATH} when present ` +
          'and else the Chromium that the @sparticuz/chromium devDependency ships.',
      );
    }
    return { source: 'CHROMIUM_PATH', path: given };
  }
  if (exists(SYSTEM_CHROMIUM_PATH)) return { source: 'system', path: SYSTEM_CHROMIUM_PATH };
  if (platform === 'linux' && arch === 'x64') return { source: 'package' };
  throw new Error(
    `No Chromium for the browser specs: CHROMIUM_PATH is not set, ${SYSTEM_CHROMIUM_PATH} does ` +
      'not exist, and the Chromium that @sparticuz/chromium ships is a Linux x64 build (this is ' +
      `${platform} ${arch}). Set CHROMIUM_PATH to a Chromium or Chrome executable.`,
  );
}
