import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of one server, which a test can cut off and bring back. */
export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (a client that reconnects after {@link restore} adds to it). */
  readonly accepted: number;
  /**
   * The server "goes down": every open connection is reset and the port stops listening, so new connections are
   * refused, as when a database host restarts.
   */
  cut(): Promise<void>;
  /** The server is back: the port accepts connections again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free port that pipes every connection to `target`, or, given several, to each in turn (round
 * robin per connection, as a load balancer in front of replicas).
 */
export async function startTcpProxy(
  target: { host: string; port: number } | ReadonlyArray<{ host: string; port: number }>,
): Promise<TcpProxy> {
  const targets = Array.isArray(target) ? target : [target];
  let turn = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  let accepted = 0;
  const onConnection = (client: Socket) => {
    accepted++;
    const upstream = createConnection(targets[turn++ % targets.length] as { host: string; port: number });
    track(client);
    track(upstream);
    // Either side failing or closing takes the other down, as a real network path would.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  };
  let server: Server | null = null;
  let port = 0;
  const listen = async () => {
    const next = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', resolve);
    });
    const address = next.address();
    if (typeof address === 'object' && address) port = address.port;
    server = next;
  };
  const unlisten = async () => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.resetAndDestroy();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get accepted() {
      return accepted;
    },
    cut: unlisten,
    async restore() {
      if (!server) await listen();
    },
    close: unlisten,
  };
}
