// Bundles every cloud function (cloudfunctions/<name>/index.ts) with esbuild:
// src/domain and _shared are inlined; the packages a function lists in its
// own package.json (wx-server-sdk, the SMS SDK…) stay external for the
// cloud's dependency install. The output folder is project.config.json's
// cloudfunctionRoot, so DevTools can upload it as it is. A function's
// config.json (open API permissions, timer trigger) goes beside its bundle and
// cloudfunctions/http-routes.json (HTTP access paths) to the output root, both
// checked first: a bad one fails the build.
import { build, context, type BuildOptions } from 'esbuild'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, existsSync, rmSync, watch } from 'node:fs'
import path from 'node:path'
import { ConfigError, HTTP_ROUTES_FILE, readFunctionConfigFile, readHttpRoutesFile } from '../../emulator/functions/config'

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
  copyIfPresent(path.join(FUNCTIONS_SRC, name, 'config.json'), path.join(outDir, name, 'config.json'))
}

/** Copies `from` to `to`, or removes a stale `to` when `from` is gone. */
function copyIfPresent(from: string, to: string) {
  if (existsSync(from)) copyFileSync(from, to)
  else rmSync(to, { force: true })
}

/**
 * Checks every config.json and http-routes.json as CloudBase reads them
 * (known trigger type, valid 7-field cron, one trigger at most, routes to
 * existing functions); throws one error listing every problem.
 */
export function checkFunctionConfigs(names = functionNames(), srcDir = FUNCTIONS_SRC): void {
  const problems: string[] = []
  for (const name of names) {
    try {
      readFunctionConfigFile(path.join(srcDir, name, 'config.json'), `cloudfunctions/${name}/config.json`)
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e
      problems.push(e.message)
    }
  }
  try {
    for (const r of readHttpRoutesFile(path.join(srcDir, HTTP_ROUTES_FILE), `cloudfunctions/${HTTP_ROUTES_FILE}`)) {
      if (!names.includes(r.function)) problems.push(`cloudfunctions/${HTTP_ROUTES_FILE} 的路径 ${r.path} 指向不存在的云函数 ${r.function}`)
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    problems.push(e.message)
  }
  if (problems.length) throw new Error(`云函数配置有误：\n- ${problems.join('\n- ')}`)
}

function copyRoutes(outDir: string) {
  mkdirSync(outDir, { recursive: true })
  copyIfPresent(path.join(FUNCTIONS_SRC, HTTP_ROUTES_FILE), path.join(outDir, HTTP_ROUTES_FILE))
}

export async function buildFunctions(outDir = FUNCTIONS_OUT): Promise<string[]> {
  const names = functionNames()
  checkFunctionConfigs(names)
  copyRoutes(outDir)
  await Promise.all(
    names.map(async (name) => {
      copyManifest(name, outDir)
      await build(optionsFor(name, outDir))
    }),
  )
  return names
}

/**
 * Rebuilds a function whenever its sources change; calls back with its name.
 * An edited config.json or http-routes.json is checked and copied again (a bad
 * one is reported and the previous copy kept).
 */
export async function watchFunctions(onRebuilt: (name: string) => void, outDir = FUNCTIONS_OUT) {
  const names = functionNames()
  checkFunctionConfigs(names)
  copyRoutes(outDir)
  const contexts = await Promise.all(
    names.map(async (name) => {
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
  const recopy = (what: () => void) => {
    try {
      checkFunctionConfigs(names)
      what()
    } catch (e) {
      console.error(`[functions] ${(e as Error).message}`)
    }
  }
  const watchers = [
    watch(FUNCTIONS_SRC, { persistent: false }, (_event, file) => {
      if (file === HTTP_ROUTES_FILE) recopy(() => copyRoutes(outDir))
    }),
    ...names.map((name) =>
      watch(path.join(FUNCTIONS_SRC, name), { persistent: false }, (_event, file) => {
        if (file === 'config.json') recopy(() => copyManifest(name, outDir))
      }),
    ),
  ]
  return async () => {
    for (const w of watchers) w.close()
    await Promise.all(contexts.map((c) => c.dispose()))
  }
}
