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
  rollup: { emitCJS: true, output: { exports: 'named' } },
})
