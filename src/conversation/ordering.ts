// Per-chat ordering: the messages of one chat are answered one after another, in the order they
// came, while other chats' answers run in parallel. A follow-up never overtakes its antecedent.

export interface ChatOrdering {
  /** Runs `job` after every job queued before it for the same chat; its result or rejection. */
  inOrder<T>(chatKey: string, job: () => Promise<T>): Promise<T>;
}

export interface MemoryChatOrdering extends ChatOrdering {
  /** Chats with a job running or waiting. */
  readonly chats: number;
}

/** In one process: a promise chain per chat, forgotten when its last job is done. */
export function createMemoryChatOrdering(): MemoryChatOrdering {
  const tails = new Map<string, Promise<unknown>>();
  return {
    inOrder(chatKey, job) {
      const before = tails.get(chatKey) ?? Promise.resolve();
      const run = before.then(job);
      // The tail never rejects: a failing job does not stop the ones after it.
      const tail = run.then(
        () => {},
        () => {},
      );
      tails.set(chatKey, tail);
      void tail.then(() => {
        if (tails.get(chatKey) === tail) tails.delete(chatKey);
      });
      return run;
    },
    get chats() {
      return tails.size;
    },
  };
}
