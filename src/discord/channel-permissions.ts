import type { APIOverwrite, APIRole } from 'discord-api-types/v10';
import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';

const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/**
 * A member's permissions in a channel, computed from REST objects the way Discord documents it: base permissions of
 * `@everyone` and the member's roles, Administrator grants all, then the `@everyone` overwrite, role overwrites, and
 * the member's own overwrite. Used by the worker process, which has no gateway cache.
 */
export function permissionsIn(
  guild: { id: string; ownerId: string; roles: readonly Pick<APIRole, 'id' | 'permissions'>[] },
  member: { userId: string; roles: readonly string[] },
  overwrites: readonly APIOverwrite[],
): bigint {
  if (member.userId === guild.ownerId) return ALL;
  const memberRoles = new Set([guild.id, ...member.roles]);
  let perms = guild.roles.filter((r) => memberRoles.has(r.id)).reduce((p, r) => p | BigInt(r.permissions), 0n);
  if (perms & PermissionFlagsBits.Administrator) return ALL;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let deny = 0n;
  let allow = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== guild.id && memberRoles.has(o.id)) {
      deny |= BigInt(o.deny);
      allow |= BigInt(o.allow);
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === member.userId);
  if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);
  return perms;
}

/** A guild channel as `GET /guilds/{id}/channels` lists it, reduced to what a permission check reads. */
export interface ChannelForPermissions {
  id: string;
  type: number;
  position: number;
  permission_overwrites?: APIOverwrite[];
}
