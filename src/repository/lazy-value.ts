/**
 * Values decoded on first read: a stored session's compressed or encrypted values are inflated and
 * parsed only when something reads them, so a unit of work decodes only the values it reads.
 */

/** The getters {@link defineLazy} installs: how {@link isUndecoded} tells them from an app's own. */
const lazyGetters = new WeakSet<() => unknown>();

const plain = (target: object, name: string, value: unknown): void => {
  Object.defineProperty(target, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
};

/**
 * Defines `name` on `target` as an enumerable property whose value is `compute()`, called on the first
 * read only: the property then becomes a plain one holding it (an error is thrown again on every
 * read). Assigning it replaces it with the assigned value, undecoded. A copy of the property (see
 * {@link copyProperty}) shares the one value.
 */
export function defineLazy(target: object, name: string, compute: () => unknown): void {
  let outcome: { value: unknown } | { error: unknown } | undefined;
  const get = (): unknown => {
    if (outcome === undefined) {
      try {
        outcome = { value: compute() };
      } catch (error) {
        outcome = { error };
      }
      if ('value' in outcome && Object.getOwnPropertyDescriptor(target, name)?.get === get)
        plain(target, name, outcome.value);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
  lazyGetters.add(get);
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get,
    set(value: unknown) {
      plain(target, name, value);
    },
  });
}

/** Whether `name` of `target` is a value {@link defineLazy} defined that was not read through `target`. */
export function isUndecoded(target: object, name: string): boolean {
  const get = Object.getOwnPropertyDescriptor(target, name)?.get;
  return get !== undefined && lazyGetters.has(get);
}

/** Sets `name` of `to` to that of `from`, without reading it when it is undecoded (then both share it). */
export function copyProperty(from: object, to: object, name: string): void {
  if (isUndecoded(from, name)) {
    Object.defineProperty(
      to,
      name,
      Object.getOwnPropertyDescriptor(from, name) as PropertyDescriptor,
    );
  } else {
    (to as Record<string, unknown>)[name] = (from as Record<string, unknown>)[name];
  }
}
