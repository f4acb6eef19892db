// Cloud storage through the real wx-server-sdk: upload, temporary URL,
// download, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { setPeople } from '../../emulator/console'
import { startTestEmulator, useSdk } from '../support/emulator'

let emu: Emulator
let cloud: any
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

beforeAll(async () => {
  emu = await startTestEmulator()
  cloud = useSdk(emu)
})
afterAll(async () => {
  await emu?.close()
})

describe('storage', () => {
  it('When a file is uploaded, then its temporary URL and downloadFile return the same bytes', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'campus-cards/o-1/card.png', fileContent: png })
    expect(fileID).toBe(`cloud://${emu.config.envId}.local-bucket/campus-cards/o-1/card.png`)
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    expect(fileList[0].status).toBe(0)
    const res = await fetch(fileList[0].tempFileURL)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true)
    const { fileContent } = await cloud.downloadFile({ fileID })
    expect(Buffer.from(fileContent).equals(png)).toBe(true)
  })

  it('When a file has a Chinese name with spaces, then its URL and downloadFile (which re-encodes the URL) both return it', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: '车证/张 三#1.png', fileContent: png })
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    expect(Buffer.from(await (await fetch(fileList[0].tempFileURL)).arrayBuffer()).equals(png)).toBe(true)
    const { fileContent } = await cloud.downloadFile({ fileID })
    expect(Buffer.from(fileContent).equals(png)).toBe(true)
  })

  it('When a temporary URL is asked with HEAD, then size and type come back without the body', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'head/card.png', fileContent: png })
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    const res = await fetch(fileList[0].tempFileURL, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(png.length))
    expect(res.headers.get('content-type')).toBe('image/png')
  })

  it('When the same upload URL is used twice, then the second PUT is refused as COS would', async () => {
    const r = await fetch(`${emu.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'storage.getUploadMetadata', path: 'once.txt', method: 'put' }) })
    const { data } = await r.json()
    expect(data.fileId).toBe(`cloud://${emu.config.envId}.local-bucket/once.txt`)
    expect((await fetch(data.url, { method: 'PUT', body: 'a' })).status).toBe(200)
    const again = await fetch(data.url, { method: 'PUT', body: 'b' })
    expect(again.status).toBe(403)
    expect(await again.text()).toContain('<Code>AccessDenied</Code>')
  })

  it('When a temporary URL is tampered with or has expired, then it is refused', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'a/b.txt', fileContent: Buffer.from('你好') })
    const { fileList } = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] })
    expect((await fetch(fileList[0].tempFileURL.replace(/sign=[0-9a-f]+/, 'sign=0'))).status).toBe(403)
    emu.clock.advance(61_000)
    expect((await fetch(fileList[0].tempFileURL)).status).toBe(403)
    emu.clock.set(null)
  })

  it('When a file is deleted, then it is gone and a second delete says it does not exist', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'gone.txt', fileContent: Buffer.from('x') })
    const issued = (await cloud.getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL
    const first = await cloud.deleteFile({ fileList: [fileID] })
    // A URL handed out before the delete now finds nothing.
    expect((await fetch(issued)).status).toBe(404)
    await expect(cloud.downloadFile({ fileID })).rejects.toThrow()
    expect(first.fileList[0]).toMatchObject({ fileID, status: 0 })
    const again = await cloud.deleteFile({ fileList: [fileID] })
    expect(again.fileList[0]).toMatchObject({ status: -503003, errMsg: 'storage file not exists' })
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    expect(fileList[0]).toMatchObject({ status: -503003, tempFileURL: '' })
  })

  it('When a cloud path tries to climb out of the bucket, then the upload is refused', async () => {
    await expect(cloud.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') })).rejects.toThrow(/cloudPath/)
  })

  it('When the H5 app uploads through the bridge, then the file is stored under the chosen path as the console identity', async () => {
    setPeople(emu, [{ openid: 'o-h5-user', name: '测试', label: '车主' }])
    const form = new FormData()
    form.set('file', new Blob([png], { type: 'image/png' }), 'card.png')
    form.set('cloudPath', 'h5/card.png')
    const res = await fetch(`${emu.url}/h5/uploadFile`, { method: 'POST', body: form })
    const { fileID } = await res.json()
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    expect(fileList[0].status).toBe(0)
    expect(Buffer.from(await (await fetch(fileList[0].tempFileURL)).arrayBuffer()).equals(png)).toBe(true)
    expect(emu.sqlite.prepare('SELECT uploaded_by FROM _storage_files WHERE path = ?').get('h5/card.png')).toEqual({ uploaded_by: 'o-h5-user' })
  })

  it('When the H5 bridge gets no file, then it answers 400 with a Chinese reason', async () => {
    const form = new FormData()
    form.set('cloudPath', 'h5/none.png')
    const res = await fetch(`${emu.url}/h5/uploadFile`, { method: 'POST', body: form })
    expect(res.status).toBe(400)
    expect((await res.json()).errMsg).toBe('cloud.uploadFile:fail 缺少文件')
  })
})
