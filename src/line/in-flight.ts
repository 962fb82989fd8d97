/** Tracks work started after the HTTP response, so shutdown can wait for it. */
export interface InFlight {
  track(work: Promise<void>): void;
  readonly size: number;
  /** Resolves when all tracked work has settled, or after `timeoutMs`; true when all settled. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<void>>();
  return {
    track(work) {
      pending.add(work);
      work.then(
        () => pending.delete(work),
        () => pending.delete(work),
      );
    },
    get size() {
      return pending.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const settled = Promise.allSettled([...pending]).then(() => true);
      const result = await Promise.race([settled, timeout]);
      clearTimeout(timer);
      return result;
    },
  };
}
