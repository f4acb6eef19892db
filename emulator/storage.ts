// Cloud storage on local disk: the SDK asks for upload metadata, PUTs the
// file to the URL it gets, and reads it back through temporary URLs.
import { createHmac, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { CloudError, sendJson, type EmulatorContext, type RouteHandler } from './context'
import { h5Identity } from './console/identity'

const BUCKET = 'local-bucket'
const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
}

function filesDir(emu: EmulatorContext) {
  return path.join(emu.config.dataDir, 'storage')
}

function table(emu: EmulatorContext) {
  emu.sqlite.exec(
    'CREATE TABLE IF NOT EXISTS _storage_files (file_id TEXT PRIMARY KEY, path TEXT, size INTEGER, uploaded_by TEXT, created_at INTEGER)',
  )
}

/** A cloud path inside the bucket: a string, no absolute paths, no climbing out. */
function safePath(cloudPath: unknown): string {
  if (typeof cloudPath !== 'string') throw new CloudError('INVALID_PARAM', `invalid cloudPath: must be a string`)
  const p = cloudPath.replace(/^\/+/, '')
  if (!p || p.split('/').some((seg) => seg === '..' || seg === '') || p.length > 512) {
    throw new CloudError('INVALID_PARAM', `invalid cloudPath: ${String(cloudPath)}`)
  }
  return p
}

const fileIdOf = (emu: EmulatorContext, p: string) => `cloud://${emu.config.envId}.${BUCKET}/${p}`
const pathOf = (emu: EmulatorContext, fileId: string) => {
  const prefix = `cloud://${emu.config.envId}.${BUCKET}/`
  return fileId.startsWith(prefix) ? fileId.slice(prefix.length) : null
}

function decodePath(p: string | null): string | null {
  if (p === null) return null
  try {
    return decodeURIComponent(p)
  } catch {
    return null
  }
}

function sign(emu: EmulatorContext, p: string, expires: number) {
  return createHmac('sha256', `storage:${emu.config.dataDir}`).update(`${p}:${expires}`).digest('hex').slice(0, 32)
}

function save(emu: EmulatorContext, p: string, body: Buffer, by: string) {
  const file = path.join(filesDir(emu), p)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, body)
  emu.sqlite
    .prepare('INSERT OR REPLACE INTO _storage_files (file_id, path, size, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(fileIdOf(emu, p), p, body.length, by, emu.clock.now())
  return fileIdOf(emu, p)
}

export function registerStorage(emu: EmulatorContext) {
  table(emu)
  // Upload tokens handed out by getUploadMetadata: path → who may PUT it.
  const pending = new Map<string, { path: string; by: string }>()

  emu.admin.set('storage.getUploadMetadata', (call) => {
    const p = safePath(call.body.path)
    const token = randomUUID()
    pending.set(token, { path: p, by: call.invocation?.openid ?? '' })
    return {
      data: {
        url: `${emu.baseUrl}/storage/upload/${token}`,
        token,
        authorization: `q-sign-algorithm=sha1&emulator=${token}`,
        fileId: fileIdOf(emu, p),
        cosFileId: token,
      },
    }
  })

  emu.routes.push({
    method: 'PUT',
    prefix: '/storage/upload/',
    handler: (_req, res, url, body) => {
      const token = url.pathname.slice('/storage/upload/'.length)
      const upload = pending.get(token)
      if (!upload) {
        res.writeHead(403, { 'content-type': 'application/xml' })
        res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>upload token unknown or used</Message><RequestId>emulator</RequestId><TraceId>emulator</TraceId></Error>')
        return
      }
      pending.delete(token)
      save(emu, upload.path, body, upload.by)
      res.writeHead(200)
      res.end('')
    },
  })

  emu.admin.set('storage.batchGetDownloadUrl', (call) => {
    const list = call.body.file_list as Array<{ fileid: string; max_age?: number }>
    const entryOk = (e: any) =>
      !!e && typeof e === 'object' && !Array.isArray(e) && typeof e.fileid === 'string' && (e.max_age === undefined || e.max_age === null || (typeof e.max_age === 'number' && Number.isFinite(e.max_age)))
    if (!Array.isArray(list) || !list.every(entryOk)) {
      throw new CloudError('INVALID_PARAM', 'file_list must be an array of {fileid: string, max_age?: number}')
    }
    return {
      data: {
        download_list: list.map(({ fileid, max_age }) => {
          const p = pathOf(emu, String(fileid))
          const known = p && emu.sqlite.prepare('SELECT 1 FROM _storage_files WHERE path = ?').get(p)
          if (!p || !known) return { fileID: fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
          const expires = emu.clock.now() + Math.max(1, Number(max_age ?? 7200)) * 1000
          const url = `${emu.baseUrl}/storage/file/${p.split('/').map(encodeURIComponent).join('/')}?t=${expires}&sign=${sign(emu, p, expires)}`
          return { fileID: fileid, tempFileURL: url, code: 'SUCCESS' }
        }),
      },
    }
  })

  // GET downloads; HEAD is what the node SDK's getFileInfo sends for size and type.
  const serveFile: RouteHandler = (_req, res, url) => {
    const expires = Number(url.searchParams.get('t'))
    const given = url.searchParams.get('sign')
    // The node SDK's downloadFile and getFileInfo pass the URL through
    // encodeURI, so a path that was already percent-encoded arrives encoded
    // twice. The signature tells which decoding is the signed path.
    const raw = url.pathname.slice('/storage/file/'.length)
    const p = [decodePath(raw), decodePath(decodePath(raw))].find((c) => c !== null && given === sign(emu, c, expires)) ?? null
    const ok = p !== null && expires > emu.clock.now()
    if (!ok) return sendJson(res, 403, { code: 'SIGN_INVALID', message: '链接无效或已过期' })
    const file = path.join(filesDir(emu), p)
    if (!existsSync(file)) return sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' })
    const bytes = readFileSync(file)
    res.writeHead(200, { 'content-type': TYPES[path.extname(p).toLowerCase()] ?? 'application/octet-stream', 'content-length': bytes.length })
    res.end(bytes)
  }
  emu.routes.push({ method: 'GET', prefix: '/storage/file/', handler: serveFile }, { method: 'HEAD', prefix: '/storage/file/', handler: serveFile })

  emu.admin.set('storage.batchDeleteFile', (call) => {
    const ids = call.body.fileid_list as string[]
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new CloudError('INVALID_PARAM', 'fileid_list must be an array of strings')
    return {
      data: {
        delete_list: ids.map((fileID) => {
          const p = pathOf(emu, String(fileID))
          const known = p && emu.sqlite.prepare('SELECT 1 FROM _storage_files WHERE path = ?').get(p)
          if (!p || !known) return { fileID, code: 'STORAGE_FILE_NONEXIST' }
          rmSync(path.join(filesDir(emu), p), { force: true })
          emu.sqlite.prepare('DELETE FROM _storage_files WHERE path = ?').run(p)
          return { fileID, code: 'SUCCESS' }
        }),
      },
    }
  })

  // The H5 build's stand-in for wx.cloud.uploadFile: multipart `file` + `cloudPath`.
  emu.routes.push({
    method: 'POST',
    prefix: '/h5/uploadFile',
    handler: async (req, res, _url, body) => {
      try {
        const form = await new Response(new Uint8Array(body), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData()
        const file = form.get('file')
        if (!file || typeof file === 'string') return sendJson(res, 400, { errMsg: 'cloud.uploadFile:fail 缺少文件' })
        const who = h5Identity(emu, req)
        if ('refused' in who) return sendJson(res, 403, { errMsg: `cloud.uploadFile:fail ${who.refused}` })
        const p = safePath(form.get('cloudPath'))
        const fileID = save(emu, p, Buffer.from(await file.arrayBuffer()), who.openid)
        sendJson(res, 200, { fileID, errMsg: 'cloud.uploadFile:ok' })
      } catch (e) {
        sendJson(res, 400, { errMsg: `cloud.uploadFile:fail ${(e as Error).message}` })
      }
    },
  })
}
