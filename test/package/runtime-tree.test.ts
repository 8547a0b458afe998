import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// The registry's audit endpoint does not answer here, so the supply chain is kept small by these
// checks instead: what users install at run time, and what the published tarball holds.

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
const RUNTIME_DEPENDENCIES = ['eventsource-parser', 'ofetch', 'valibot']

interface TreeNode {
  version?: string
  dependencies?: Record<string, TreeNode>
}

/** Every name a package declares it may pull in: dependencies, optional ones and peers. */
function declaredBy(name: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'))
  return new Set(['dependencies', 'optionalDependencies', 'peerDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {})))
}

/** Lists `parent > child` for each package in the tree that its parent does not declare. */
function undeclared(parent: string, node: TreeNode): string[] {
  const allowed = declaredBy(parent)
  return Object.entries(node.dependencies ?? {}).flatMap(([name, child]) =>
    allowed.has(name) ? undeclared(name, child) : [`${parent} > ${name}`],
  )
}

describe('the published package', () => {
  it('installs at run time only eventsource-parser, ofetch, valibot and what they declare themselves', async () => {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root })
    const tree = JSON.parse(stdout) as TreeNode
    expect(Object.keys(tree.dependencies ?? {}).sort()).toEqual(RUNTIME_DEPENDENCIES)
    const unexpected = Object.entries(tree.dependencies ?? {}).flatMap(([name, node]) => undeclared(name, node))
    expect(unexpected).toEqual([])
  })

  it('publishes only the build, the README, the licence and package.json', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root })
    const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>
    const paths = pack!.files.map((file) => file.path)
    expect(paths.filter((path) => !path.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json'])
    expect(paths.filter((path) => path.startsWith('dist/')).length).toBeGreaterThan(0)
    expect(paths.filter((path) => /\.map$|\.test\.|^dist\/.*\.ts$/.test(path) && !/\.d\.(c|m)?ts$/.test(path))).toEqual([])
  })
})
