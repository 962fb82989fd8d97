// Short-lived shared state: what several replicas must agree on for seconds to days (which webhook
// events were handled, a chat's last topic, counters, locks, a channel). Memory serves one process;
// Redis serves every replica. Values are strings; callers encode their own.

/** Keys with an expiry. Every value expires: nothing here is meant to last. */
export interface KeyStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only when the key is absent (Redis `SET NX PX`): true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Counts a hit in a fixed window that starts at the key's first hit and lasts `windowMs`.
   * Returns the count so far and the milliseconds left in the window.
   */
  increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
}

/** A lock held until released or until its time runs out (a holder that died frees it). */
export interface Lock {
  /** False when the lock had already run out (another holder may have it now). */
  release(): Promise<boolean>;
}

export interface Locks {
  /** The lock, or null when another holder has it. Never waits. */
  acquire(name: string, ttlMs: number): Promise<Lock | null>;
}

export type Unsubscribe = () => Promise<void>;

/**
 * Messages to every replica, this one included. A handler runs for each message published after its
 * subscription was made; delivery is at most once (a replica cut off from Redis misses messages).
 */
export interface Channel {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
}

/** What /readyz and the metrics read. */
export interface StateStatus {
  backend: "memory" | "redis";
  /** Redis answers now (always true for memory). */
  connected: boolean;
  /** Operations served from this process's memory because Redis did not answer (a counter). */
  degradedOperations: number;
  /** Times the connection to Redis was lost (a counter). */
  outages: number;
}

export interface SharedState {
  keys: KeyStore;
  locks: Locks;
  channel: Channel;
  status(): StateStatus;
  close(): Promise<void>;
}

/** The few logger methods state/ uses (a pino logger fits). */
export interface StateLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}
