/**
 * `/backup`: a server's whole setup as a JSON file, and restoring it into this or another server. Text parameters
 * (channel and role names, addresses, queries, JSON paths) come from the file and arrive escaped.
 */
export const enBackup = {
  backupExported: (p: { count: number; briefings: number }) =>
    `This server's setup (${p.count} subscription${p.count === 1 ? '' : 's'} with their channels, roles and settings, ${p.briefings > 0 ? `${p.briefings} briefing${p.briefings === 1 ? '' : 's'}, ` : ''}and the server's settings) as a backup: restore it here or in another server with \`/backup import\`.`,
  backupRestored: (p: { added: number; already: number }) =>
    `Backup restored: **${p.added}** subscription${p.added === 1 ? '' : 's'} created${p.already > 0 ? `, ${p.already} already here set as the backup says` : ''}. What their feeds published before now is not posted.`,
  backupProblems: (p: { count: number }) =>
    `**${p.count}** ${p.count === 1 ? 'thing' : 'things'} could not be restored as in the backup:`,
  backupMissingChannel: (p: { name: string; count: number }) =>
    `no channel #${p.name} here: ${p.count} subscription${p.count === 1 ? '' : 's'} not restored (create the channel, or rename one, and import again)`,
  backupBriefingsRestored: (p: { count: number }) => `**${p.count}** briefing${p.count === 1 ? '' : 's'} created.`,
  backupMissingBriefingChannel: (p: { name: string; count: number }) =>
    `no channel #${p.name} here: ${p.count} briefing${p.count === 1 ? '' : 's'} not restored (create the channel, or rename one, and import again)`,
  backupRefusedBriefing: (p: { time: string; reason: string }) => `the briefing at ${p.time}: ${p.reason}`,
  backupMissingForum: (p: { name: string; count: number }) =>
    `no forum #${p.name} here: ${p.count} tag mapping${p.count === 1 ? '' : 's'} not restored (create the forum, or rename one, and import again)`,
  backupMissingRole: (p: { name: string; count: number }) =>
    `no role @${p.name} here: ${p.count} mention${p.count === 1 ? '' : 's'} left out`,
  backupRefused: (p: { value: string; reason: string }) => `${p.value}: ${p.reason}`,
  backupRefusedSettings: (p: { reason: string }) => `the server's settings: ${p.reason}`,
  backupUnknownKey: (p: { name: string }) => `\`${p.name}\` is not something this Herald knows: ignored`,
  backupSkipped: (p: { count: number }) =>
    `${p.count} subscription${p.count === 1 ? ' was' : 's were'} not tried in time: import the file again to restore ${p.count === 1 ? 'it' : 'them'}.`,
  backupTooLarge: (p: { max: number }) => `This file is larger than ${p.max} KiB; a Herald backup is smaller.`,
  backupNotJson: () => 'This file is not JSON: choose the file `/backup export` made.',
  backupNotBackup: () => 'This file is not a Herald backup: choose the file `/backup export` made.',
  backupNewer: (p: { max: number }) =>
    `This backup was made by a newer Herald; this one reads backup format ${p.max} and older. Update Herald first.`,
  backupInvalid: (p: { name: string }) =>
    `This backup is damaged: \`${p.name || '(the document)'}\` is missing or not what Herald writes there.`,
  backupTopicFeed: (p: { url: string }) => `it follows only ${p.url}, which this server does not follow`,
};

export type BackupCatalogue = typeof enBackup;
