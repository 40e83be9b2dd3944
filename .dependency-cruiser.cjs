/**
 * Herald's import rules (README "How it works"; CONTRIBUTING.md says why each exists). `npm test` runs
 * `depcruise` with this file, and any violation fails the build.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pipeline-not-discord',
      severity: 'error',
      comment: 'The pipeline decides; it publishes through its own port, implemented in src/discord.',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/discord/' },
    },
    {
      name: 'discord-not-pipeline',
      severity: 'error',
      comment:
        'src/discord speaks Discord; it implements src/ports, and events reach the pipeline as callbacks from src/app.',
      from: { path: '^src/discord/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'ports-are-leaves',
      severity: 'error',
      comment:
        'src/ports holds the contracts the pipeline declares and src/discord implements: domain and store types only.',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: '^src/(ports/|domain\\.ts$|store/)' },
    },
    {
      name: 'one-composition-root',
      severity: 'error',
      comment: 'Only src/app/registry.ts reaches commands/ and workers/; the rest of src/ stays below them.',
      from: { path: '^src/', pathNot: '^src/app/registry\\.ts$' },
      to: { path: '^(commands|workers)/' },
    },
    {
      name: 'html-not-feeds',
      severity: 'error',
      comment: 'Feeds use HTML cleaning (src/feeds -> src/html); HTML never reaches back into feed parsing.',
      from: { path: '^src/html/' },
      to: { path: '^src/feeds/' },
    },
    {
      name: 'store-is-an-adapter',
      severity: 'error',
      comment: 'The store adapters know the database and the domain types, nothing that uses them.',
      from: { path: '^src/store/' },
      to: { path: '^(src/(pipeline|discord|queue|app|cli|summarize|feeds|html)/|src/deps\\.ts$|commands/|workers/)' },
    },
    {
      name: 'discord-and-bullmq-in-their-adapters',
      severity: 'error',
      comment: 'discord.js and BullMQ are spoken by src/discord and src/queue only (src/app wires the dashboard).',
      from: { path: '^src/', pathNot: '^src/(discord|queue|app)/' },
      to: { path: '^node_modules/(discord\\.js|@discordjs|bullmq)/' },
    },
    {
      name: 'leaves-stay-leaves',
      severity: 'error',
      comment: 'src/text, src/threads and src/i18n are leaves every layer may use; they import no other part of src/.',
      from: { path: '^src/(text|threads|i18n)/' },
      to: { path: '^src/', pathNot: '^src/((text|threads|i18n)/|domain.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
