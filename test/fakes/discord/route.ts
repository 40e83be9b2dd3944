import type { Errors } from './limits.js';
import type { FakeState } from './state.js';

export type Json = Record<string, unknown>;

/** What a route handler gets. */
export interface RouteContext {
  state: FakeState;
  params: Record<string, string>;
  body: Json;
  query: URLSearchParams;
}

/** What a route handler answers; `body` undefined means 204 No Content. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** One REST route of the fake. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below `/api/v10`; `:name` matches one segment. */
  path: string;
  /** Bot-token routes; interaction and webhook-token routes are called without `Authorization`, as discord.js does. */
  auth: boolean;
  /**
   * The route checks its body field by field with Discord's own error codes and wording (command registration), so
   * the spec's coarser body check is left to it; the route and its query are still held to the spec.
   */
  ownBodyChecks?: true;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** Discord's plain JSON error: `{ message, code }`. */
export function fail(status: number, code: number, message: string): RouteResult {
  return { status, body: { message, code } };
}

/** Discord's 400 for a body that breaks field rules. */
export function invalidForm(errors: Errors): RouteResult {
  return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: errors.tree } };
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const noContent = (): RouteResult => ({ status: 204 });

export const UNKNOWN_CHANNEL = () => fail(404, 10003, 'Unknown Channel');
export const UNKNOWN_GUILD = () => fail(404, 10004, 'Unknown Guild');
export const UNKNOWN_MESSAGE = () => fail(404, 10008, 'Unknown Message');
export const MISSING_ACCESS = () => fail(403, 50001, 'Missing Access');
export const MISSING_PERMISSIONS = () => fail(403, 50013, 'Missing Permissions');
export const EMPTY_MESSAGE = () => fail(400, 50006, 'Cannot send an empty message');
