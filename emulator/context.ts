// What every emulator area receives: one SQLite connection, the clock, the
// function runtime and the registry of admin actions and HTTP routes.
import type Database from 'better-sqlite3'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FunctionRuntime } from './functions/runtime'

export interface EmulatorConfig {
  /** Folder holding emulator.db and the storage files. */
  dataDir: string
  /** Folder of built cloud functions (`<name>/index.js`). */
  functionsDir: string
  envId: string
  host: string
  port: number
  /** Extra environment given to every function instance (SMS endpoint, pay config…). */
  functionEnv: Record<string, string>
  /** A built H5 app to serve at `/` (the e2e suite and `npm run dev -- --static`). */
  staticDir?: string
  /** Fire timer triggers as wall time passes (only `npm run dev`; tests move time with advanceClock). */
  realtimeTriggers?: boolean
}

/** The invocation a request came from, when a cloud function made it. */
export interface Invocation {
  id: string
  functionName: string
  openid: string
  appid: string
  clientIp: string
}

/** One admin API request as the SDK sends it (`POST /admin`). */
export interface AdminCall {
  action: string
  /** JSON body, or the parts of a multipart body decoded as UTF-8. */
  body: Record<string, any>
  /** The parts of a multipart body as bytes (protobuf requestData, apiOptions). */
  files: Record<string, Buffer>
  invocation?: Invocation
  requestId: string
}

export type AdminHandler = (call: AdminCall, emu: EmulatorContext) => unknown | Promise<unknown>

/** A route outside the admin API: the SMS endpoint, storage URLs, the console, the H5 bridge. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => void | Promise<void>

export interface Clock {
  now(): number
  /** Moves the clock (tests): positive ms forward. */
  advance(ms: number): void
  set(ms: number | null): void
}

export interface EmulatorContext {
  config: EmulatorConfig
  sqlite: Database.Database
  clock: Clock
  functions: FunctionRuntime
  baseUrl: string
  admin: Map<string, AdminHandler>
  routes: Array<{ method: string; prefix: string; handler: RouteHandler }>
}

/** An error the admin API reports as CloudBase does: HTTP 200 with `{code, message}`. */
export class CloudError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

export function createClock(): Clock {
  let offset = 0
  let fixed: number | null = null
  return {
    now: () => (fixed ?? Date.now()) + offset,
    advance: (ms) => {
      offset += ms
    },
    set: (ms) => {
      fixed = ms
      offset = 0
    },
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, contentType = 'application/json') {
  const text = JSON.stringify(value)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
