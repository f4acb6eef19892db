// Bundles every cloud function (cloudfunctions/<name>/index.ts) with esbuild:
// src/domain and _shared are inlined; the packages a function lists in its
// own package.json (wx-server-sdk, the SMS SDK…) stay external for the
// cloud's dependency install. The output folder is project.config.json's
// cloudfunctionRoot, so DevTools can upload it as it is.
import { build, context, type BuildOptions } from 'esbuild'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const FUNCTIONS_SRC = path.join(ROOT, 'cloudfunctions')
export const FUNCTIONS_OUT = path.join(ROOT, 'build', 'cloudfunctions')

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(path.join(FUNCTIONS_SRC, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
}

function optionsFor(name: string, outDir: string): BuildOptions {
  const pkg = JSON.parse(readFileSync(path.join(FUNCTIONS_SRC, name, 'package.json'), 'utf8'))
  return {
    entryPoints: [path.join(FUNCTIONS_SRC, name, 'index.ts')],
    outfile: path.join(outDir, name, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node16',
    external: Object.keys(pkg.dependencies ?? {}),
    sourcemap: 'inline',
    logLevel: 'warning',
    legalComments: 'none',
  }
}

function copyManifest(name: string, outDir: string) {
  mkdirSync(path.join(outDir, name), { recursive: true })
  copyFileSync(path.join(FUNCTIONS_SRC, name, 'package.json'), path.join(outDir, name, 'package.json'))
}

export async function buildFunctions(outDir = FUNCTIONS_OUT): Promise<string[]> {
  const names = functionNames()
  await Promise.all(
    names.map(async (name) => {
      copyManifest(name, outDir)
      await build(optionsFor(name, outDir))
    }),
  )
  return names
}

/** Rebuilds a function whenever its sources change; calls back with its name. */
export async function watchFunctions(onRebuilt: (name: string) => void, outDir = FUNCTIONS_OUT) {
  const contexts = await Promise.all(
    functionNames().map(async (name) => {
      copyManifest(name, outDir)
      const ctx = await context({
        ...optionsFor(name, outDir),
        plugins: [{ name: 'notify', setup: (b) => b.onEnd((r) => {
          if (r.errors.length === 0) onRebuilt(name)
        }) }],
      })
      await ctx.watch()
      return ctx
    }),
  )
  return () => Promise.all(contexts.map((c) => c.dispose()))
}
