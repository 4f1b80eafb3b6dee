// The layering rules (`npm run lint` runs them in CI). Dependencies point inward:
//   cli, server -> app -> engine -> store, directories, notify, reports -> core
// and each adapter stands alone, so a directory adapter can be reviewed without the rest.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is the domain: it imports nothing else of the project and no Node module.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/'] },
    },
    {
      name: 'adapters-stand-alone',
      comment:
        'A directory adapter never imports app, store, engine or lab: it takes its own option types ' +
        '(the factories that read the configuration live in src/app/directories).',
      severity: 'error',
      from: { path: '^src/directories/' },
      to: { path: '^src/(app|store|engine|lab|server|cli)/' },
    },
    {
      name: 'notify-and-reports-stand-alone',
      comment: 'The notice sender and the report renderers are adapters too.',
      severity: 'error',
      from: { path: '^src/(notify|reports)/' },
      to: { path: '^src/(app|engine|lab|server|cli)/' },
    },
    {
      name: 'store-below-everything',
      comment: 'The store knows only core: no app, engine, adapter, console or CLI.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(app|engine|directories|notify|reports|lab|server|cli)/' },
    },
    {
      name: 'engine-below-app',
      comment: 'The engine is driven by the app; it never reaches up into app, console or CLI.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(app|server|cli|lab)/' },
    },
    {
      name: 'app-below-the-front-ends',
      comment: 'The app serves the console and the CLI; it imports neither.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'console-through-app',
      comment:
        'The console (src/server) reaches the store only through src/app, which holds the use cases; ' +
        "a type (the store's row shapes) may be named, nothing may be called.",
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-cli-imports-cli',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'query-builder-only-in-store',
      comment: 'Kysely (the query builder) is used only inside src/store: everyone else calls store functions.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/kysely/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      comment: 'Type-only cycles are allowed (they vanish at run time); value cycles are not.',
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
