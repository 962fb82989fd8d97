// The served edition with each search timed: the answerer searches through it as before.
import type { Histogram } from "prom-client";

interface Searchable {
  readonly name: string;
  search(...args: never[]): Promise<unknown>;
}

/**
 * `live` with `current().backend.search` observed in `histogram` by backend name. Each edition is
 * wrapped once (a WeakMap), so an edition keeps one identity for caches keyed by it.
 */
export function timedSearches<E extends { backend: Searchable }, L extends { current(): E }>(
  live: L,
  histogram: Histogram<"backend">,
): L {
  const wrapped = new WeakMap<E, E>();
  const wrap = (edition: E): E => {
    const backend = edition.backend;
    const search = (async (...args: never[]) => {
      const stop = histogram.startTimer({ backend: backend.name });
      try {
        return await backend.search(...args);
      } finally {
        stop();
      }
    }) as typeof backend.search;
    return { ...edition, backend: Object.assign(Object.create(backend), { search }) };
  };
  return new Proxy(live, {
    get(target, property, receiver) {
      if (property !== "current") return Reflect.get(target, property, receiver);
      return () => {
        const edition = target.current();
        let timed = wrapped.get(edition);
        if (!timed) {
          timed = wrap(edition);
          wrapped.set(edition, timed);
        }
        return timed;
      };
    },
  });
}
