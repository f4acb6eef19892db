// A cloud function's config.json, as CloudBase reads it when the function is
// uploaded: the 云调用 (open API) permissions it holds and its trigger.
//
//   {"permissions": {"openapi": ["subscribeMessage.send"]},
//    "triggers": [{"name": "sweep", "type": "timer", "config": "0 */5 * * * * *"}]}
//
// Only timer triggers exist and a function has at most one. The build checks
// every config.json with this module, and the emulator reads the built copy.
// Also here: cloudfunctions/http-routes.json, the HTTP access paths.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { CronError, parseCron, type Cron } from './cron'

export interface TimerTrigger {
  name: string
  type: 'timer'
  /** The 7-field cron expression as written. */
  config: string
  cron: Cron
}

export interface FunctionConfig {
  permissions: { openapi: string[] }
  triggers: TimerTrigger[]
}

export class ConfigError extends Error {}

const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/
const OPENAPI_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function onlyKeys(value: Record<string, unknown>, allowed: string[], where: string) {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k))
  if (unknown.length) throw new ConfigError(`${where}有不认识的字段：${unknown.join('、')}（可用：${allowed.join('、')}）`)
}

/** Checks a parsed config.json; `where` names the file in error messages. */
export function parseFunctionConfig(raw: unknown, where = 'config.json'): FunctionConfig {
  if (!isObject(raw)) throw new ConfigError(`${where} 必须是一个 JSON 对象`)
  onlyKeys(raw, ['permissions', 'triggers'], `${where} `)
  const out: FunctionConfig = { permissions: { openapi: [] }, triggers: [] }

  if (raw.permissions !== undefined) {
    if (!isObject(raw.permissions)) throw new ConfigError(`${where} 的 permissions 必须是对象`)
    onlyKeys(raw.permissions, ['openapi'], `${where} 的 permissions `)
    const openapi = raw.permissions.openapi ?? []
    if (!Array.isArray(openapi)) throw new ConfigError(`${where} 的 permissions.openapi 必须是字符串数组`)
    for (const name of openapi) {
      if (typeof name !== 'string' || !OPENAPI_NAME.test(name)) {
        throw new ConfigError(`${where} 的 permissions.openapi 中「${String(name)}」不是接口名（形如 subscribeMessage.send）`)
      }
    }
    out.permissions.openapi = [...new Set(openapi as string[])]
  }

  if (raw.triggers !== undefined) {
    if (!Array.isArray(raw.triggers)) throw new ConfigError(`${where} 的 triggers 必须是数组`)
    if (raw.triggers.length > 1) throw new ConfigError(`${where} 有 ${raw.triggers.length} 个触发器，云开发每个云函数只支持一个触发器`)
    for (const [i, t] of raw.triggers.entries()) {
      const at = `${where} 的 triggers[${i}]`
      if (!isObject(t)) throw new ConfigError(`${at} 必须是对象`)
      onlyKeys(t, ['name', 'type', 'config'], `${at} `)
      if (typeof t.name !== 'string' || !TRIGGER_NAME.test(t.name)) {
        throw new ConfigError(`${at} 的 name「${String(t.name)}」不合法：以字母开头，只含字母、数字、- 和 _，最长 60 个字符`)
      }
      if (t.type !== 'timer') throw new ConfigError(`${at} 的 type「${String(t.type)}」不支持：云开发只支持定时触发器 "timer"`)
      if (typeof t.config !== 'string') throw new ConfigError(`${at} 的 config 必须是 cron 表达式字符串`)
      let cron: Cron
      try {
        cron = parseCron(t.config)
      } catch (e) {
        if (e instanceof CronError) throw new ConfigError(`${at} 的 cron 表达式「${t.config}」无效：${e.message}`)
        throw e
      }
      out.triggers.push({ name: t.name, type: 'timer', config: t.config, cron })
    }
  }
  return out
}

/** Reads and checks a config.json file; a missing file is the empty configuration. */
export function readFunctionConfigFile(file: string, where = file): FunctionConfig {
  return existsSync(file) ? parseFunctionConfig(readJson(file, where), where) : { permissions: { openapi: [] }, triggers: [] }
}

/** A JSON file's value; a file that is not JSON is a ConfigError naming it. */
function readJson(file: string, where: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new ConfigError(`${where} 不是合法的 JSON：${(e as Error).message}`)
  }
}

/** The configuration of built function `name` in `functionsDir`. */
export function functionConfig(functionsDir: string, name: string): FunctionConfig {
  return readFunctionConfigFile(path.join(functionsDir, name, 'config.json'), `${name}/config.json`)
}

// ── HTTP access routes ────────────────────────────────────────────────────

export interface HttpRoute {
  /** `/devices`: matches `/devices` and everything under `/devices/`. */
  path: string
  function: string
}

export const HTTP_ROUTES_FILE = 'http-routes.json'
const ROUTE_PATH = /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,60}$/

export function checkRoutePath(p: unknown, where = '路径'): string {
  if (typeof p !== 'string' || !ROUTE_PATH.test(p)) {
    throw new ConfigError(`${where}「${String(p)}」不合法：以 / 开头，不以 / 结尾，只含字母、数字和 . _ ~ -`)
  }
  return p
}

/** Checks a parsed http-routes.json: `{"routes": [{"path": "/devices", "function": "device"}]}`. */
export function parseHttpRoutes(raw: unknown, where = HTTP_ROUTES_FILE): HttpRoute[] {
  if (!isObject(raw)) throw new ConfigError(`${where} 必须是一个 JSON 对象`)
  onlyKeys(raw, ['routes'], `${where} `)
  const routes = raw.routes ?? []
  if (!Array.isArray(routes)) throw new ConfigError(`${where} 的 routes 必须是数组`)
  const seen = new Set<string>()
  return routes.map((r, i) => {
    const at = `${where} 的 routes[${i}]`
    if (!isObject(r)) throw new ConfigError(`${at} 必须是对象`)
    onlyKeys(r, ['path', 'function'], `${at} `)
    const p = checkRoutePath(r.path, `${at} 的 path`)
    if (seen.has(p)) throw new ConfigError(`${at} 的 path「${p}」重复`)
    seen.add(p)
    if (typeof r.function !== 'string' || !FUNCTION_NAME.test(r.function)) throw new ConfigError(`${at} 的 function「${String(r.function)}」不是云函数名`)
    return { path: p, function: r.function }
  })
}

export function readHttpRoutesFile(file: string, where = file): HttpRoute[] {
  return existsSync(file) ? parseHttpRoutes(readJson(file, where), where) : []
}
