import type { APIApplicationCommand } from 'discord-api-types/v10';
import { checkCommands } from './command-limits.js';
import { applicationObject } from './objects.js';
import { invalidForm, type Json, ok, type Route, type RouteContext, type RouteResult, UNKNOWN_GUILD } from './route.js';
import type { FakeState } from './state.js';

/** Gateway discovery, the bot's identity and application commands. */
export function appRoutes(gatewayUrl: () => string): Route[] {
  const commandRoutes = (path: string, guildScoped: boolean): Route[] => [
    { method: 'GET', path, auth: true, handle: (ctx) => withCommands(ctx, guildScoped, (list) => ok(list)) },
    {
      method: 'PUT',
      path,
      auth: true,
      ownBodyChecks: true,
      handle: (ctx) => withCommands(ctx, guildScoped, (list) => overwrite(ctx, list, guildScoped)),
    },
  ];
  return [
    {
      method: 'GET',
      path: '/gateway/bot',
      auth: true,
      handle: ({ state }) =>
        ok({
          url: gatewayUrl(),
          shards: state.options.shards ?? 1,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: state.options.maxConcurrency ?? 1,
          },
        }),
    },
    { method: 'GET', path: '/gateway', auth: false, handle: () => ok({ url: gatewayUrl() }) },
    { method: 'GET', path: '/users/@me', auth: true, handle: ({ state }) => ok(state.bot) },
    { method: 'GET', path: '/applications/@me', auth: true, handle: ({ state }) => ok(applicationObject(state)) },
    ...commandRoutes('/applications/:app/commands', false),
    ...commandRoutes('/applications/:app/guilds/:guild/commands', true),
  ];
}

function withCommands(
  { state, params }: RouteContext,
  guildScoped: boolean,
  then: (list: APIApplicationCommand[]) => RouteResult,
): RouteResult {
  // Another application's commands are out of reach for this token.
  if (params.app !== state.bot.id) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  if (!guildScoped) return then(state.globalCommands);
  const guildId = params.guild ?? '';
  if (!state.guilds.has(guildId)) return UNKNOWN_GUILD();
  const list = state.guildCommands.get(guildId) ?? [];
  state.guildCommands.set(guildId, list);
  return then(list);
}

/** Bulk overwrite: replaces the list, keeping the id of a command whose name and type already existed. */
function overwrite({ state, params, body }: RouteContext, list: APIApplicationCommand[], guildScoped: boolean) {
  const errors = checkCommands(body);
  if (!errors.empty) return invalidForm(errors);
  const incoming = body as unknown as Json[];
  const next = incoming.map((c) => commandObject(state, c, list, guildScoped ? params.guild : undefined));
  list.splice(0, list.length, ...next);
  return ok(next);
}

function commandObject(
  state: FakeState,
  body: Json,
  previous: APIApplicationCommand[],
  guildId: string | undefined,
): APIApplicationCommand {
  const type = typeof body.type === 'number' ? body.type : 1;
  const existing = previous.find((c) => c.name === body.name && c.type === type);
  return {
    id: existing?.id ?? state.snowflake(),
    application_id: state.bot.id,
    version: state.snowflake(),
    type,
    name: String(body.name),
    name_localizations: (body.name_localizations ?? null) as APIApplicationCommand['name_localizations'],
    description: typeof body.description === 'string' ? body.description : '',
    description_localizations: (body.description_localizations ??
      null) as APIApplicationCommand['description_localizations'],
    default_member_permissions: (body.default_member_permissions ?? null) as string | null,
    nsfw: body.nsfw === true,
    contexts: (body.contexts ?? null) as APIApplicationCommand['contexts'],
    integration_types: (body.integration_types ?? [0]) as APIApplicationCommand['integration_types'],
    ...(guildId ? { guild_id: guildId } : { dm_permission: true }),
    ...(Array.isArray(body.options) ? { options: body.options as APIApplicationCommand['options'] } : {}),
  } as APIApplicationCommand;
}
