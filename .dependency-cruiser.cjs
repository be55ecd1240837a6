/**
 * Dependency rules for lib/: the folders are layers, and layers run one way (see /docs/architecture in
 * docs/transport.md). `npm run deps:check` runs these rules; CI runs it after the build.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'A folder under lib/ must not import a folder that imports it back: layers run one way. lib/ itself is ' +
        'the composition root (the module, the barrel, the options every layer reads), not a layer.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^lib/.+' },
      to: { path: '^lib/.+', circular: true, viaNot: '^lib$' },
    },
    {
      name: 'no-module-cycles',
      comment: 'No file under lib/ may import itself back through other files.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^lib/', circular: true },
    },
    {
      name: 'lib-not-to-test-or-sample',
      comment: 'The package never imports its tests, fixtures or the sample app.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(test|sample|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
