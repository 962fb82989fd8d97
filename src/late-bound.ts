// A stand-in for an object made after the server starts listening (the answerer, the live edition):
// the callers wait for the server to be ready before they use it.

/** Forwards every property to `current()`; used before that exists, it throws. */
export function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = current();
      if (!target) throw new Error(`${what} is not loaded yet: wait for the server to be ready`);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
