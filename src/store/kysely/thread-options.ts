/** What a feed or topic subscription does beyond posting the message: a thread on each post, publishing. */
export interface ThreadOptions {
  /** `per-article`: a thread is started on each post in a text or announcement channel; null: none. */
  thread: 'per-article' | null;
  /** The auto-archive of those threads in minutes (60, 1440, 4320 or 10080); null: a day. */
  threadArchiveMinutes: number | null;
  /** Each post in an announcement channel is published (crossposted) to the servers following it. */
  publish: boolean;
}

/** A subscription that sets none of them. */
export const NO_THREAD_OPTIONS: Readonly<ThreadOptions> = Object.freeze({
  thread: null,
  threadArchiveMinutes: null,
  publish: false,
});

/** The options as stored. */
export function threadOptionsOf(r: {
  thread: string | null;
  thread_archive_minutes: number | null;
  publish: number | boolean;
}): ThreadOptions {
  return {
    thread: r.thread === 'per-article' ? 'per-article' : null,
    threadArchiveMinutes: r.thread_archive_minutes,
    publish: Number(r.publish) === 1,
  };
}

/** The columns of the options given (absent: unchanged). */
export function threadColumns(o: Partial<ThreadOptions>) {
  return {
    ...(o.thread !== undefined && { thread: o.thread }),
    ...(o.threadArchiveMinutes !== undefined && { thread_archive_minutes: o.threadArchiveMinutes }),
    ...(o.publish !== undefined && { publish: o.publish ? 1 : 0 }),
  };
}
