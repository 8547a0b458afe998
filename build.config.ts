import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  // Named entries: unbuild strips only a `src/` prefix when it derives output names.
  entries: [
    { input: 'lib/index', name: 'index' },
    { input: 'lib/testing/index', name: 'testing' },
    { input: 'lib/testing/node', name: 'testing-node' },
    { input: 'lib/ai-sdk/index', name: 'ai-sdk' },
  ],
  declaration: true,
  clean: true,
  rollup: {
    emitCJS: true,
    // By default rollup repeats each import of a shared chunk in every entry that loads it, as a bare
    // `import 'dep'`. With "sideEffects": false such a line does nothing, and esbuild warns about each
    // one in every app that bundles the package.
    output: { exports: 'named', hoistTransitiveImports: false },
  },
})
