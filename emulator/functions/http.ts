// CloudBase's HTTP access service (HTTP 访问服务): a path on the
// environment's domain mapped to a cloud function. Locally the domain is
// `${emu.url}/http`, so `/devices` is served at `${emu.url}/http/devices`.
// Routes come from the built `http-routes.json` (cloudfunctions/http-routes.json
// copied by the build) plus any a test sets with httpRoutes(emu).set().
//
// A request matches the route with the longest path that equals it or is a
// parent of it (`/devices` serves `/devices/42`), whatever the method. The
// function receives the integration request CloudBase documents
// (docs.cloudbase.net/service/access-cloud-function): {path, httpMethod,
// headers, queryStringParameters, requestContext, body, isBase64Encoded},
// body as text, or base64 when it is binary, and no OPENID. Its answer
// becomes the response: an integration response {statusCode, headers, body,
// isBase64Encoded} as given; a string or number as text/plain; anything else
// as JSON. A failing function answers 502.
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson, type EmulatorContext } from '../context'
import { checkRoutePath, ConfigError, HTTP_ROUTES_FILE, readHttpRoutesFile, type HttpRoute } from './config'

export const HTTP_PREFIX = '/http'

export interface HttpEvent {
  path: string
  httpMethod: string
  headers: Record<string, string>
  queryStringParameters: Record<string, string>
  requestContext: { requestId: string; envId: string; appId: number; uin: number }
  body: string
  isBase64Encoded: boolean
}

const extra = new WeakMap<EmulatorContext, Map<string, string>>()

/** The HTTP access routes: the built http-routes.json plus routes set here (which win on the same path). */
export function httpRoutes(emu: EmulatorContext) {
  let added = extra.get(emu)
  if (!added) extra.set(emu, (added = new Map()))
  const map = added
  const api = {
    set(routePath: string, functionName: string) {
      map.set(checkRoutePath(routePath), functionName)
      return api
    },
    delete: (routePath: string) => map.delete(routePath),
    /** Every route, file routes first; throws ConfigError when http-routes.json is broken. */
    list(): HttpRoute[] {
      const routes = new Map<string, string>()
      for (const r of readHttpRoutesFile(path.join(emu.config.functionsDir, HTTP_ROUTES_FILE), HTTP_ROUTES_FILE)) routes.set(r.path, r.function)
      for (const [p, fn] of map) routes.set(p, fn)
      return [...routes].map(([p, fn]) => ({ path: p, function: fn }))
    },
    /** The route serving `requestPath` (already without the /http prefix). */
    match(requestPath: string): HttpRoute | undefined {
      return api
        .list()
        .filter((r) => r.path === '/' || requestPath === r.path || requestPath.startsWith(`${r.path}/`))
        .sort((a, b) => b.path.length - a.path.length)[0]
    },
  }
  return api
}

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml|[\w.+-]*\+xml|javascript|graphql)\b)/i

/** The body as the gateway passes it: text for text types that decode as UTF-8, base64 otherwise. */
function encodeBody(body: Buffer, contentType: string): { body: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: '', isBase64Encoded: false }
  if (!contentType || TEXT_TYPES.test(contentType)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(body)
    if (!text.includes('\uFFFD')) return { body: text, isBase64Encoded: false }
  }
  return { body: body.toString('base64'), isBase64Encoded: true }
}

function eventOf(emu: EmulatorContext, req: IncomingMessage, url: URL, requestPath: string, raw: Buffer, requestId: string): HttpEvent {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
  const queryStringParameters: Record<string, string> = {}
  for (const key of new Set(url.searchParams.keys())) queryStringParameters[key] = url.searchParams.getAll(key).join(',')
  return {
    path: requestPath,
    httpMethod: String(req.method ?? 'GET').toUpperCase(),
    headers,
    queryStringParameters,
    // Tencent Cloud account numbers in the cloud; placeholders here.
    requestContext: { requestId, envId: emu.config.envId, appId: 1250000000, uin: 100000000000 },
    ...encodeBody(raw, String(req.headers['content-type'] ?? '')),
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function isIntegrationResponse(v: unknown): v is { statusCode: number; headers?: unknown; body?: unknown; isBase64Encoded?: unknown } {
  return isObject(v) && typeof v.statusCode === 'number' && Number.isInteger(v.statusCode) && v.statusCode >= 100 && v.statusCode <= 599
}

function respond(res: ServerResponse, result: unknown) {
  if (isIntegrationResponse(result)) {
    const headers: Record<string, string | string[]> = {}
    if (isObject(result.headers)) {
      for (const [k, v] of Object.entries(result.headers)) headers[k] = Array.isArray(v) ? v.map(String) : String(v)
    }
    const body = result.body === undefined || result.body === null ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body)
    const bytes = result.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8')
    res.writeHead(result.statusCode, { ...headers, 'content-length': bytes.length })
    return res.end(bytes)
  }
  if (typeof result === 'string' || typeof result === 'number') {
    const text = String(result)
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) })
    return res.end(text)
  }
  sendJson(res, 200, result ?? null)
}

export function registerHttpAccess(emu: EmulatorContext) {
  emu.routes.push({
    method: 'GET',
    prefix: '/console/api/http-routes',
    handler: (_req, res) => {
      const base = `${emu.baseUrl}${HTTP_PREFIX}`
      try {
        sendJson(res, 200, { base, routes: httpRoutes(emu).list() })
      } catch (e) {
        if (e instanceof ConfigError) return sendJson(res, 200, { base, routes: [], error: e.message })
        throw e
      }
    },
  })
  emu.routes.push({
    method: '*',
    prefix: HTTP_PREFIX,
    handler: async (req, res, url, body) => {
      const requestId = randomUUID()
      if (url.pathname !== HTTP_PREFIX && !url.pathname.startsWith(`${HTTP_PREFIX}/`)) {
        return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}`, requestId })
      }
      const requestPath = url.pathname.slice(HTTP_PREFIX.length) || '/'
      let route: HttpRoute | undefined
      try {
        route = httpRoutes(emu).match(requestPath)
      } catch (e) {
        if (e instanceof ConfigError) return sendJson(res, 500, { code: 'INVALID_HTTP_ROUTES', message: e.message, requestId })
        throw e
      }
      if (!route) return sendJson(res, 404, { code: 'NOT_FOUND', message: `没有 HTTP 访问路径匹配 ${requestPath}`, requestId })
      if (!emu.functions.exists(route.function)) {
        return sendJson(res, 502, { code: 'FUNCTION_NOT_FOUND', message: `HTTP 访问路径 ${route.path} 指向的云函数 ${route.function} 不存在`, requestId })
      }
      const event = eventOf(emu, req, url, requestPath, body, requestId)
      let result: unknown
      try {
        // An HTTP request has no WeChat user: no OPENID, no APPID.
        result = (await emu.functions.invoke(route.function, event, { openid: '', appid: '', clientIp: req.socket.remoteAddress ?? '127.0.0.1' })).result
      } catch (e) {
        return sendJson(res, 502, { code: 'FUNCTION_EXECUTE_FAIL', message: (e as Error).message, requestId })
      }
      respond(res, result)
    },
  })
}
