// The e2e suite's backend: a fresh local CloudBase (seeded as for `npm run
// dev`) that also serves the production H5 build from dist-h5/.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildFunctions, ROOT } from '../../scripts/lib/functions'
import { startLocalCloud } from '../../scripts/lib/local-cloud'

export default async function setup(project: TestProject) {
  const staticDir = path.join(ROOT, 'dist-h5')
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error('dist-h5/ is missing: run `npm run build -- --h5` (npm test does it first)')
  }
  await buildFunctions()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-cloud-'))
  const emu = await startLocalCloud({ dataDir, staticDir })
  project.provide('appUrl', emu.url)
  return async () => {
    await emu.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
  }
}
