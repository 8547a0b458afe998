/** Installs the `npm pack` tarball and the production dependencies into `dir`'s node_modules; resolves the version. */
export function installPackedPackage(dir: string): Promise<string>
/** Resolves the directory of a fresh consumer project holding the package and `examples/<name>/` for each name. */
export function stageConsumer(examples: string[]): Promise<string>
