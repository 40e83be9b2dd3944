/** The answer to asking for a fetch slot of one host. */
export type HostSlot =
  | {
      granted: true;
      /** Gives the slot back once the fetch is over (its request still counts towards the minute). */
      release(): Promise<void>;
    }
  | {
      granted: false;
      /** How long to wait before asking again, ms: until a minute-old request leaves the count, or a short pause. */
      retryInMs: number;
    };

/**
 * Politeness towards each host, shared by every worker process: at most `FEED_HOST_MAX_CONCURRENT` fetches of one host
 * at once and `FEED_HOST_MAX_PER_MINUTE` requests to it in any minute.
 */
export interface HostLimit {
  /**
   * Takes a slot for one fetch of `host`, or says how long to wait; never waits itself. A slot its holder never gives
   * back (the process died mid-fetch) frees itself after a lease longer than any fetch. Rejects when the shared
   * state cannot be reached.
   */
  take(host: string): Promise<HostSlot>;
  /** Closes the connection to the shared state, if one was opened. */
  close(): Promise<void>;
}
