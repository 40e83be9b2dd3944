import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { constants, createDeflate, type Deflate, deflateSync } from 'node:zlib';
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { guildCreate } from './objects.js';
import type { FakeState } from './state.js';

/** What a client sent in IDENTIFY, for tests to assert on. */
export interface IdentifyRecord {
  intents: number;
  shard: [number, number] | null;
  properties: unknown;
  compress: boolean;
  at: number;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** `[shard_id, num_shards]` from IDENTIFY (`[0, 1]` when absent): which guilds' events this session gets. */
  shard: [number, number];
  connection: Connection | null;
  /** Dispatches kept for RESUME, as Discord replays what a resuming client missed. */
  sent: Array<{ op: 0; t: string; d: unknown; s: number }>;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  /** `compress=zlib-stream`: one deflate context for the whole connection, flushed per payload. */
  stream: Deflate | null;
  /** Serialises zlib-stream writes so each frame holds exactly one payload. */
  queue: Promise<void>;
  identifyCompress: boolean;
}

const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is GatewayIntentBits => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);
const PRIVILEGED = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const REPLAY_LIMIT = 1000;
/** Discord closes a session with 4011 (sharding required) when it would hold more guilds than this. */
const MAX_GUILDS_PER_SHARD = 2500;

/** The gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME, and dispatches to live sessions. */
export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  private readonly wss: WebSocketServer;

  constructor(
    private readonly state: FakeState,
    server: Server,
    private readonly url: () => string,
  ) {
    // No `path`: Discord's gateway answers on any path, and discord.js appends `/?v=10&encoding=json`.
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, req) => this.open(socket, req));
    state.dispatch = (event, data, intent) => this.broadcast(event, data, intent);
  }

  /**
   * Sends a dispatch to every identified session of the shard that owns its guild (buffered for sessions that are
   * disconnected but resumable).
   */
  broadcast(event: string, data: unknown, intent?: number): void {
    const guildId = guildOf(event, data);
    for (const session of this.sessions.values()) {
      if ((intent === undefined || (session.intents & intent) !== 0) && onShard(session.shard, guildId)) {
        this.dispatch(session, event, data);
      }
    }
  }

  /** Closes every socket with `code` (default 4000, which Discord and discord.js treat as resumable). */
  disconnectAll(code = 4000): void {
    for (const connection of this.connections) connection.socket.close(code, 'fake-discord disconnect');
  }

  /** Forgets every session, so the next RESUME gets INVALID_SESSION. */
  invalidateSessions(): void {
    this.sessions.clear();
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private open(socket: WebSocket, req: IncomingMessage) {
    const query = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams;
    const connection: Connection = {
      socket,
      session: null,
      stream: query.get('compress') === 'zlib-stream' ? createDeflate() : null,
      queue: Promise.resolve(),
      identifyCompress: false,
    };
    this.connections.add(connection);
    socket.on('close', () => {
      this.connections.delete(connection);
      if (connection.session?.connection === connection) connection.session.connection = null;
      connection.stream?.close();
    });
    if ((query.get('v') ?? '10') !== '10') return socket.close(4012, 'Invalid API version');
    if ((query.get('encoding') ?? 'json') !== 'json') return socket.close(4002, 'Decode error');
    socket.on('message', (raw) => this.receive(connection, raw.toString()));
    const heartbeat_interval = this.state.options.heartbeatIntervalMs ?? 41_250;
    this.send(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval, _trace: ['["fake-discord"]'] },
      s: null,
      t: null,
    });
  }

  private receive(connection: Connection, text: string) {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      return connection.socket.close(4002, 'Decode error');
    }
    const d = (payload.d ?? {}) as Record<string, unknown>;
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        return this.send(connection, { op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify:
        return this.identify(connection, d);
      case GatewayOpcodes.Resume:
        return this.resume(connection, d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) connection.socket.close(4003, 'Not authenticated');
        return;
      default:
        connection.socket.close(4001, 'Unknown opcode');
    }
  }

  private identify(connection: Connection, d: Record<string, unknown>) {
    if (connection.session) return connection.socket.close(4005, 'Already authenticated');
    if (d.token !== this.state.options.botToken) return connection.socket.close(4004, 'Authentication failed');
    const intents = d.intents;
    if (typeof intents !== 'number' || (intents & ~KNOWN_INTENTS) !== 0) {
      return connection.socket.close(4013, 'Invalid intent(s)');
    }
    if ((intents & PRIVILEGED & ~(this.state.options.privilegedIntents ?? 0)) !== 0) {
      return connection.socket.close(4014, 'Disallowed intent(s)');
    }
    const shard = Array.isArray(d.shard) ? (d.shard as [number, number]) : null;
    const [shardId, shardCount] = shard ?? [0, 1];
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardId < 0 || shardId >= shardCount) {
      return connection.socket.close(4010, 'Invalid shard');
    }
    const guilds = [...this.state.guilds.values()].filter((g) => onShard([shardId, shardCount], g.id));
    if (guilds.length > MAX_GUILDS_PER_SHARD) return connection.socket.close(4011, 'Sharding required');
    connection.identifyCompress = d.compress === true;
    this.identifies.push({
      intents,
      shard,
      properties: d.properties,
      compress: d.compress === true,
      at: this.state.now(),
    });

    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      intents,
      shard: [shardId, shardCount],
      connection,
      sent: [],
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.dispatch(session, 'READY', {
      v: 10,
      user: this.state.bot,
      guilds: guilds.map(({ id }) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.url(),
      shard: session.shard,
      application: { id: this.state.bot.id, flags: 0, flags_new: '0' },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: ['["fake-discord"]'],
    });
    // Discord sends GUILD_CREATE for every guild after READY whatever the intents; discord.js waits for them.
    for (const guild of guilds) this.dispatch(session, 'GUILD_CREATE', guildCreate(this.state, guild));
  }

  private resume(connection: Connection, d: Record<string, unknown>) {
    if (d.token !== this.state.options.botToken) return connection.socket.close(4004, 'Authentication failed');
    const session = this.sessions.get(String(d.session_id));
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    if (!session || seq > session.seq) {
      return this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
    }
    session.connection?.socket.close(4000, 'Session resumed elsewhere');
    session.connection = connection;
    connection.session = session;
    for (const missed of session.sent.filter((p) => p.s > seq)) this.send(connection, missed);
    this.dispatch(session, 'RESUMED', { _trace: ['["fake-discord"]'] });
  }

  private dispatch(session: Session, t: string, d: unknown): void {
    const payload = { op: 0 as const, t, d, s: ++session.seq };
    session.sent.push(payload);
    if (session.sent.length > REPLAY_LIMIT) session.sent.shift();
    if (session.connection) this.send(session.connection, payload);
  }

  private send(connection: Connection, payload: object): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(payload);
    const stream = connection.stream;
    if (stream) {
      connection.queue = connection.queue.then(
        () =>
          new Promise<void>((resolve) => {
            const chunks: Buffer[] = [];
            const collect = (chunk: Buffer) => chunks.push(chunk);
            stream.on('data', collect);
            stream.write(text);
            // Each payload ends in a sync flush (00 00 ff ff), which is how zlib-stream clients find message ends.
            stream.flush(constants.Z_SYNC_FLUSH, () => {
              stream.off('data', collect);
              if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(Buffer.concat(chunks));
              resolve();
            });
          }),
      );
      return;
    }
    if (connection.identifyCompress) connection.socket.send(deflateSync(text));
    else connection.socket.send(text);
  }
}

/** The guild a dispatch is about: its `guild_id`, or the guild itself for GUILD_CREATE/UPDATE/DELETE; none for DMs. */
function guildOf(event: string, data: unknown): string | undefined {
  const d = (data ?? {}) as { id?: unknown; guild_id?: unknown };
  if (typeof d.guild_id === 'string') return d.guild_id;
  return /^GUILD_(CREATE|UPDATE|DELETE)$/.test(event) && typeof d.id === 'string' ? d.id : undefined;
}

/** Discord's routing: `(guild_id >> 22) % num_shards` owns a guild's events; DMs go to shard 0 only. */
function onShard([id, count]: [number, number], guildId: string | undefined): boolean {
  if (guildId === undefined) return id === 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
}
