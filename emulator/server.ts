// The local CloudBase: one HTTP server on 127.0.0.1 that speaks the admin API
// the real wx-server-sdk sends (POST /admin, FIELD-NOTES §2), the Tencent Cloud
// SMS API, storage URLs, the H5 bridge and the dev console.
import http from 'node:http'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { CloudError, createClock, sendJson, type AdminCall, type EmulatorConfig, type EmulatorContext } from './context'
import { FunctionRuntime } from './functions/runtime'
import { registerFunctions } from './functions/admin'
import { areas } from './areas'
import { parseMultipart } from './multipart'

export interface Emulator extends EmulatorContext {
  url: string
  close(): Promise<void>
}

export type EmulatorOptions = Partial<EmulatorConfig> & Pick<EmulatorConfig, 'dataDir' | 'functionsDir'>

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const config: EmulatorConfig = {
    envId: 'local-dev',
    host: '127.0.0.1',
    port: 0,
    functionEnv: {},
    ...opts,
  }
  mkdirSync(config.dataDir, { recursive: true })
  const sqlite = new Database(path.join(config.dataDir, 'emulator.db'))
  // WAL + synchronous=NORMAL: a committed write survives a process kill.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')

  let baseUrl = ''
  const clock = createClock()
  const emu: EmulatorContext = {
    config,
    sqlite,
    clock,
    functions: new FunctionRuntime(config, () => baseUrl, clock),
    get baseUrl() {
      return baseUrl
    },
    admin: new Map(),
    routes: [],
  }
  registerFunctions(emu)
  for (const register of areas) register(emu)

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      handle(emu, req, res, Buffer.concat(chunks)).catch((err) => {
        console.error('[emulator]', err)
        if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: String(err?.message ?? err) })
        else res.end()
      })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })
  const address = server.address()
  config.port = typeof address === 'object' && address ? address.port : config.port
  baseUrl = `http://${config.host}:${config.port}`

  return Object.assign(emu, {
    url: baseUrl,
    async close() {
      await emu.functions.close()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets from SDK clients would hold close() open for seconds.
      server.closeAllConnections()
      await closed
      sqlite.close()
    },
  }) as Emulator
}

async function handle(emu: EmulatorContext, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
  const url = new URL(req.url ?? '/', emu.baseUrl)
  if (req.method === 'OPTIONS') {
    res.writeHead(204, corsHeaders())
    return res.end()
  }
  for (const [k, v] of Object.entries(corsHeaders())) res.setHeader(k, v)
  if (req.method === 'POST' && url.pathname === '/admin') return handleAdmin(emu, req, res, url, body)
  // The longest matching prefix wins, whatever order areas registered in.
  const route = emu.routes
    .filter((r) => (r.method === '*' || r.method === req.method) && url.pathname.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0]
  if (route) return route.handler(req, res, url, body)
  if (req.method === 'GET' && emu.config.staticDir && serveStatic(emu.config.staticDir, url, res)) return
  sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` })
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

function serveStatic(dir: string, url: URL, res: http.ServerResponse): boolean {
  const root = path.resolve(dir)
  let file = path.resolve(root, '.' + decodeURIComponent(url.pathname))
  if (!file.startsWith(root)) return false
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html')
  if (!existsSync(file)) return false
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' })
  res.end(readFileSync(file))
  return true
}

function corsHeaders() {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, x-dev-openid',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  }
}

async function handleAdmin(emu: EmulatorContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer) {
  const requestId = randomUUID()
  const call: AdminCall = { action: '', body: {}, files: {}, requestId }
  const contentType = String(req.headers['content-type'] ?? '')
  try {
    if (contentType.startsWith('multipart/form-data')) {
      for (const [key, value] of Object.entries(parseMultipart(body, contentType))) {
        call.files[key] = value
        call.body[key] = value.toString('utf8')
      }
    } else {
      call.body = JSON.parse(body.toString('utf8') || '{}')
    }
  } catch {
    return sendJson(res, 200, { code: 'INVALID_PARAM', message: 'request body could not be parsed', requestId })
  }
  // JSON that is not an object (null, an array, a number, a string) is no request at all.
  if (!call.body || typeof call.body !== 'object' || Array.isArray(call.body)) {
    return sendJson(res, 200, { code: 'INVALID_PARAM', message: 'request body must be a JSON object', requestId })
  }
  // The action names the API: missing, not a string or unknown is CloudBase's INVALID_ACTION.
  const action = call.body.action
  if (typeof action !== 'string' || !action) {
    return sendJson(res, 200, { code: 'INVALID_ACTION', message: `action must be a non-empty string, got ${JSON.stringify(action) ?? 'nothing'}`, requestId })
  }
  call.action = action
  const inv = url.searchParams.get('inv')
  if (inv) call.invocation = emu.functions.invocations.get(inv)
  const handler = emu.admin.get(call.action)
  if (!handler) {
    return sendJson(res, 200, { code: 'INVALID_ACTION', message: `the emulator does not implement ${call.action.slice(0, 100)}`, requestId })
  }
  try {
    const result = await handler(call, emu)
    if (Buffer.isBuffer(result)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return res.end(result)
    }
    if (result && typeof result === 'object' && (result as any).__raw) {
      const raw = (result as any).__raw as { contentType: string; body: string | Buffer; status?: number }
      res.writeHead(raw.status ?? 200, { 'content-type': raw.contentType })
      return res.end(raw.body)
    }
    sendJson(res, 200, { requestId, ...(result as object) })
  } catch (err) {
    if (err instanceof CloudError) return sendJson(res, 200, { code: err.code, message: err.message, requestId })
    throw err
  }
}
