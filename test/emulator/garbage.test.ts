// The emulator answers garbage as CloudBase does. Each row is one raw HTTP
// request the SDK could never have sent: admin requests get HTTP 200 with
// CloudBase's `{code, message, requestId}` (never a 500, never a success),
// the dev console's settings endpoints get 400 with a Chinese sentence. After
// every row the documents, collections and simulator settings are exactly as
// before, and the emulator still answers a valid request.
//
// Codes (emulator/database/errors.ts lists them with their sources):
// INVALID_PARAM (-501007), INVALID_ACTION, DATABASE_INVALID_OPERRATOR (-502002),
// DATABASE_COLLECTION_NOT_EXIST (-502005), DATABASE_COLLECTION_ALREADY_EXIST,
// DATABASE_TRANSACTION_FAIL, FUNCTIONS_EXECUTE_FAIL (-504002).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { currentIdentity, setPeople } from '../../emulator/console'
import { browse, listCollections, seedDocuments } from '../../emulator/database'
import { payments } from '../../emulator/pay'
import { sms } from '../../emulator/sms'
import { openapi } from '../../emulator/openapi'
import { startTestEmulator, useSdk } from '../support/emulator'

const FUNCTIONS = path.resolve(__dirname, '..', 'fixtures', 'functions')
const PEOPLE = [
  { openid: 'o-zhang', name: '张伟', label: '车主' },
  { openid: 'o-li', name: '李娜', label: '车主' },
]
const SEED = [
  { _id: 'a', n: 1, name: '甲', tags: ['x'] },
  { _id: 'b', n: 2, name: '乙', at: new Date(Date.UTC(2026, 0, 1)) },
  { _id: 'c', n: 3, name: '丙' },
]

let emu: Emulator

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FUNCTIONS, extraCollections: [{ name: 'garbage', indexes: [{ name: 'n', keys: { n: 1 } }] }] })
  setPeople(emu, PEOPLE)
  seedDocuments(emu, { garbage: SEED })
  openapi(emu).refuseSubscribe('o-li')
})
afterAll(async () => {
  await emu?.close()
})

/** Everything a garbage request must leave alone. */
function state() {
  return {
    documents: browse(emu, 'garbage', { limit: 1000 }),
    collections: listCollections(emu),
    identity: currentIdentity(emu),
    pay: payments(emu).settings(),
    smsFailures: sms(emu).pendingFailures(),
    refusals: openapi(emu).refusals(),
    files: emu.sqlite.prepare('SELECT COUNT(*) AS n FROM _storage_files').get(),
  }
}

const post = (p: string, body: string | Buffer, contentType = 'application/json') =>
  fetch(`${emu.url}${p}`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) })
const admin = (body: unknown) => post('/admin', JSON.stringify(body)).then((r) => r.json())

/** A live transaction id, and ones that have ended. */
async function startTransaction(): Promise<string> {
  const r = await admin({ action: 'database.startTransaction' })
  expect(typeof r.transactionId).toBe('string')
  return r.transactionId
}
async function committedTransaction(): Promise<string> {
  const id = await startTransaction()
  expect(await admin({ action: 'database.commitTransaction', transactionId: id })).not.toHaveProperty('code')
  return id
}
async function abortedTransaction(): Promise<string> {
  const id = await startTransaction()
  expect(await admin({ action: 'database.abortTransaction', transactionId: id })).not.toHaveProperty('code')
  return id
}

interface AdminRow {
  name: string
  /** Raw body bytes, or a value sent as JSON, or a function giving one (rows that need a transaction first). */
  raw?: string | Buffer
  body?: unknown | (() => Promise<unknown>)
  contentType?: string
  code: string
}

/** A multipart body as the SDK sends open API calls, with `requestData` bytes that are no protobuf. */
const BOUNDARY = 'garbageboundary'
const multipart = (parts: Record<string, string | Buffer>) =>
  Buffer.concat([
    ...Object.entries(parts).flatMap(([name, value]) => [
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n`),
      Buffer.from(value),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ])

const get = (extra: Record<string, unknown>) => ({ action: 'database.getDocument', collectionName: 'garbage', queryType: 'WHERE', query: '{}', limit: 100, ...extra })
const insert = (extra: Record<string, unknown>) => ({ action: 'database.insertDocument', collectionName: 'garbage', ...extra })
const modify = (extra: Record<string, unknown>) => ({
  action: 'database.modifyDocument',
  collectionName: 'garbage',
  queryType: 'WHERE',
  query: '{}',
  data: '{"$set":{"n":99}}',
  multi: true,
  merge: true,
  upsert: false,
  ...extra,
})
const remove = (extra: Record<string, unknown>) => ({ action: 'database.removeDocument', collectionName: 'garbage', queryType: 'WHERE', query: '{}', multi: true, ...extra })
const aggregate = (stages: unknown) => ({ action: 'database.aggregateDocuments', collectionName: 'garbage', stages })
const stage = (stageKey: unknown, stageValue: unknown) => ({ stageKey, stageValue })
const FUNCTION_CODE = '{"body":"function () { return 1 }","args":[],"lang":"js"}'

const adminRows: AdminRow[] = [
  // ── the body and the action ──
  { name: 'a body that is JSON null', raw: 'null', code: 'INVALID_PARAM' },
  { name: 'a body that is a JSON array', raw: '[{"action":"database.getDocument"}]', code: 'INVALID_PARAM' },
  { name: 'a body that is a number', raw: '42', code: 'INVALID_PARAM' },
  { name: 'a body that is a string', raw: '"database.getDocument"', code: 'INVALID_PARAM' },
  { name: 'a body that is true', raw: 'true', code: 'INVALID_PARAM' },
  { name: 'a body that is not JSON', raw: '{"action": "database.getDocument",', code: 'INVALID_PARAM' },
  { name: 'no action', body: { collectionName: 'garbage' }, code: 'INVALID_ACTION' },
  { name: 'an action that is a number', body: { action: 5 }, code: 'INVALID_ACTION' },
  { name: 'an action that is an array', body: { action: ['database.getDocument'] }, code: 'INVALID_ACTION' },
  { name: 'an empty action', body: { action: '' }, code: 'INVALID_ACTION' },
  { name: 'an unknown action', body: { action: 'database.dropDatabase' }, code: 'INVALID_ACTION' },
  { name: 'an action named like an Object property', body: { action: '__proto__' }, code: 'INVALID_ACTION' },

  // ── collectionName ──
  { name: 'collectionName a number', body: get({ collectionName: 5 }), code: 'INVALID_PARAM' },
  { name: 'collectionName an array', body: get({ collectionName: ['garbage'] }), code: 'INVALID_PARAM' },
  { name: 'collectionName empty', body: get({ collectionName: '' }), code: 'INVALID_PARAM' },
  { name: 'collectionName missing', body: get({ collectionName: undefined }), code: 'INVALID_PARAM' },
  { name: 'collectionName too long', body: get({ collectionName: 'g'.repeat(65) }), code: 'INVALID_PARAM' },
  { name: 'collectionName with illegal characters', body: get({ collectionName: 'garbage/../users' }), code: 'INVALID_PARAM' },
  { name: 'a collection that does not exist (get)', body: get({ collectionName: 'ghosts' }), code: 'DATABASE_COLLECTION_NOT_EXIST' },
  { name: 'a collection that does not exist (insert)', body: insert({ collectionName: 'ghosts', data: ['{"a":1}'] }), code: 'DATABASE_COLLECTION_NOT_EXIST' },
  { name: 'addCollection with a number for a name', body: { action: 'database.addCollection', collectionName: 5 }, code: 'INVALID_PARAM' },
  { name: 'addCollection of an existing collection', body: { action: 'database.addCollection', collectionName: 'garbage' }, code: 'DATABASE_COLLECTION_ALREADY_EXIST' },

  // ── query ──
  { name: 'query that is not JSON', body: get({ query: '{"n":' }), code: 'INVALID_PARAM' },
  { name: 'query with {"$numberInt":"abc"}', body: get({ query: '{"n":{"$numberInt":"abc"}}' }), code: 'INVALID_PARAM' },
  { name: 'query with an invalid $date', body: get({ query: '{"at":{"$date":"yesterday"}}' }), code: 'INVALID_PARAM' },
  { name: 'query with a regular expression that does not compile', body: get({ query: '{"name":{"$regularExpression":{"pattern":"(","options":""}}}' }), code: 'INVALID_PARAM' },
  { name: 'query a number instead of an EJSON string', body: get({ query: 42 }), code: 'INVALID_PARAM' },
  { name: 'query an EJSON array', body: get({ query: '[{"n":1}]' }), code: 'INVALID_PARAM' },
  { name: 'query with $where', body: get({ query: '{"$where":"this.n > 0"}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'query with $function inside $expr', body: get({ query: `{"$expr":{"$function":${FUNCTION_CODE}}}` }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'query with an unknown operator', body: get({ query: '{"n":{"$bogus":1}}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'query with $in of a number (fails only per document)', body: get({ query: '{"n":{"$in":5}}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'count with $where', body: { action: 'database.calculateDocument', collectionName: 'garbage', queryType: 'WHERE', query: '{"$where":"1"}' }, code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'remove every document matching $where', body: remove({ query: '{"$where":"true"}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'update every document matching {$in: 5}', body: modify({ query: '{"n":{"$in":5}}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'queryType neither WHERE nor DOC', body: get({ queryType: 'ALL' }), code: 'INVALID_PARAM' },

  // ── limit, offset, order, projection ──
  { name: 'limit negative', body: get({ limit: -1 }), code: 'INVALID_PARAM' },
  { name: 'limit huge', body: get({ limit: 1e12 }), code: 'INVALID_PARAM' },
  { name: 'limit a string', body: get({ limit: '10' }), code: 'INVALID_PARAM' },
  { name: 'limit a fraction', body: get({ limit: 2.5 }), code: 'INVALID_PARAM' },
  { name: 'offset negative', body: get({ offset: -5 }), code: 'INVALID_PARAM' },
  { name: 'offset a string', body: get({ offset: '1' }), code: 'INVALID_PARAM' },
  { name: 'order a number', body: get({ order: 5 }), code: 'INVALID_PARAM' },
  { name: 'order an EJSON string that is neither an object nor a list', body: get({ order: '"n"' }), code: 'INVALID_PARAM' },
  { name: 'order a list of numbers', body: get({ order: '[1,2]' }), code: 'INVALID_PARAM' },
  { name: 'order with direction 2', body: get({ order: '{"n":2}' }), code: 'INVALID_PARAM' },
  { name: 'projection mixing inclusion and exclusion', body: get({ projection: '{"n":1,"name":0}' }), code: 'INVALID_PARAM' },
  { name: 'projection a string', body: get({ projection: '"n"' }), code: 'INVALID_PARAM' },

  // ── insertDocument data ──
  { name: 'insert data not an array', body: insert({ data: '{"a":1}' }), code: 'INVALID_PARAM' },
  { name: 'insert data an empty array', body: insert({ data: [] }), code: 'INVALID_PARAM' },
  { name: 'insert data missing', body: insert({}), code: 'INVALID_PARAM' },
  { name: 'insert a document that is not JSON', body: insert({ data: ['{"a":'] }), code: 'INVALID_PARAM' },
  { name: 'insert a document sent as an object, not EJSON text', body: insert({ data: [{ a: 1 }] }), code: 'INVALID_PARAM' },
  { name: 'insert a document that is a string', body: insert({ data: ['"hello"'] }), code: 'INVALID_PARAM' },
  { name: 'insert a document with {"$numberInt":"abc"}', body: insert({ data: ['{"n":{"$numberInt":"abc"}}'] }), code: 'INVALID_PARAM' },
  { name: 'insert a document with a top-level $set', body: insert({ data: ['{"$set":{"a":1}}'] }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'insert a good document and one with an unknown top-level operator', body: insert({ data: ['{"_id":"ok","n":7}', '{"$foo":1}'] }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'insert a document holding $function', body: insert({ data: [`{"f":{"$function":${FUNCTION_CODE}}}`] }), code: 'DATABASE_INVALID_OPERRATOR' },

  // ── modifyDocument ──
  { name: 'multi not a boolean', body: modify({ multi: 'yes' }), code: 'INVALID_PARAM' },
  { name: 'merge the string "false"', body: modify({ merge: 'false', data: '{"n":0}' }), code: 'INVALID_PARAM' },
  { name: 'upsert a number', body: modify({ upsert: 1 }), code: 'INVALID_PARAM' },
  { name: 'update data missing', body: modify({ data: undefined }), code: 'INVALID_PARAM' },
  { name: 'update data not JSON', body: modify({ data: '{"$set":' }), code: 'INVALID_PARAM' },
  { name: 'an unknown update operator (matching nothing)', body: modify({ query: '{"n":-1}', data: '{"$renameAll":{"n":"m"}}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: '$set of a number', body: modify({ data: '{"$set":5}' }), code: 'INVALID_PARAM' },
  { name: 'update of _id', body: modify({ data: '{"_id":"z"}' }), code: 'INVALID_PARAM' },
  { name: 'set() with update operators', body: modify({ queryType: 'DOC', query: '{"_id":"a"}', merge: false, upsert: true, data: '{"$set":{"n":0}}' }), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'a DOC update without an _id', body: modify({ queryType: 'DOC', query: '{"n":1}' }), code: 'INVALID_PARAM' },

  // ── removeDocument ──
  { name: 'remove with multi the string "true"', body: remove({ multi: 'true' }), code: 'INVALID_PARAM' },
  { name: 'remove with a query that is not JSON', body: remove({ query: '{' }), code: 'INVALID_PARAM' },

  // ── aggregateDocuments ──
  { name: 'stages not an array', body: aggregate('[]'), code: 'INVALID_PARAM' },
  { name: 'a stage without a stageKey', body: aggregate([{ stageValue: '{}' }]), code: 'INVALID_PARAM' },
  { name: 'a stage whose value is not JSON', body: aggregate([stage('$match', '{')]), code: 'INVALID_PARAM' },
  { name: '$match of a number', body: aggregate([stage('$match', '5')]), code: 'INVALID_PARAM' },
  { name: 'an unknown stage', body: aggregate([stage('$bogus', '{}')]), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'a $out stage', body: aggregate([stage('$out', '"garbage"')]), code: 'DATABASE_INVALID_OPERRATOR' },
  { name: 'a stageValue that is a number, not EJSON text', body: aggregate([stage('$limit', 5)]), code: 'INVALID_PARAM' },
  { name: '$function in $project', body: aggregate([stage('$project', `{"x":{"$function":${FUNCTION_CODE}}}`)]), code: 'DATABASE_INVALID_OPERRATOR' },

  // ── transactions ──
  { name: 'a junk transactionId', body: get({ queryType: 'DOC', query: '{"_id":"a"}', transactionId: 'junk' }), code: 'DATABASE_TRANSACTION_FAIL' },
  { name: 'a transactionId that is a number', body: insert({ data: ['{"a":1}'], transactionId: 12345 }), code: 'INVALID_PARAM' },
  { name: 'commit of a transaction never started', body: { action: 'database.commitTransaction', transactionId: 'deadbeefdeadbeefdeadbeefdeadbeef' }, code: 'DATABASE_TRANSACTION_FAIL' },
  { name: 'commit without a transactionId', body: { action: 'database.commitTransaction' }, code: 'INVALID_PARAM' },
  { name: 'abort with an object for a transactionId', body: { action: 'database.abortTransaction', transactionId: {} }, code: 'INVALID_PARAM' },
  {
    name: 'commit of an already committed transaction',
    body: async () => ({ action: 'database.commitTransaction', transactionId: await committedTransaction() }),
    code: 'DATABASE_TRANSACTION_FAIL',
  },
  {
    name: 'abort of an already committed transaction',
    body: async () => ({ action: 'database.abortTransaction', transactionId: await committedTransaction() }),
    code: 'DATABASE_TRANSACTION_FAIL',
  },
  {
    name: 'a write in an aborted transaction',
    body: async () => modify({ queryType: 'DOC', query: '{"_id":"a"}', multi: false, transactionId: await abortedTransaction() }),
    code: 'DATABASE_TRANSACTION_FAIL',
  },
  {
    name: 'an insert in a committed transaction',
    body: async () => insert({ data: ['{"_id":"late","n":8}'], transactionId: await committedTransaction() }),
    code: 'DATABASE_TRANSACTION_FAIL',
  },

  // ── functions ──
  { name: 'invokeFunction with function_name a number', body: { action: 'functions.invokeFunction', function_name: 5, request_data: '{}' }, code: 'INVALID_PARAM' },
  { name: 'invokeFunction without function_name', body: { action: 'functions.invokeFunction', request_data: '{}' }, code: 'INVALID_PARAM' },
  { name: 'invokeFunction with request_data not JSON', body: { action: 'functions.invokeFunction', function_name: 'echo', request_data: '{not json' }, code: 'INVALID_PARAM' },
  { name: 'invokeFunction with request_data an object', body: { action: 'functions.invokeFunction', function_name: 'echo', request_data: { a: 1 } }, code: 'INVALID_PARAM' },
  { name: 'invokeFunction with request_data a number', body: { action: 'functions.invokeFunction', function_name: 'echo', request_data: 5 }, code: 'INVALID_PARAM' },
  { name: 'invokeFunction of a function that does not exist', body: { action: 'functions.invokeFunction', function_name: 'nope', request_data: '{}' }, code: 'FUNCTIONS_EXECUTE_FAIL' },

  // ── storage ──
  { name: 'getUploadMetadata with path a number', body: { action: 'storage.getUploadMetadata', path: 5 }, code: 'INVALID_PARAM' },
  { name: 'getUploadMetadata with a path climbing out', body: { action: 'storage.getUploadMetadata', path: '../../etc/passwd' }, code: 'INVALID_PARAM' },
  { name: 'batchGetDownloadUrl with file_list a string', body: { action: 'storage.batchGetDownloadUrl', file_list: 'cloud://x' }, code: 'INVALID_PARAM' },
  { name: 'batchGetDownloadUrl with file_list missing', body: { action: 'storage.batchGetDownloadUrl' }, code: 'INVALID_PARAM' },
  { name: 'batchGetDownloadUrl with a number in file_list', body: { action: 'storage.batchGetDownloadUrl', file_list: [5] }, code: 'INVALID_PARAM' },
  { name: 'batchGetDownloadUrl with fileid a number', body: { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: 5, max_age: 60 }] }, code: 'INVALID_PARAM' },
  { name: 'batchGetDownloadUrl with max_age a string', body: { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: 'cloud://x', max_age: '60' }] }, code: 'INVALID_PARAM' },
  { name: 'batchDeleteFile with fileid_list a string', body: { action: 'storage.batchDeleteFile', fileid_list: 'cloud://x' }, code: 'INVALID_PARAM' },
  { name: 'batchDeleteFile with null in fileid_list', body: { action: 'storage.batchDeleteFile', fileid_list: [null] }, code: 'INVALID_PARAM' },

  // ── open API ──
  { name: 'wx.openApi as JSON without its protobuf requestData', body: { action: 'wx.openApi', apiName: 'subscribeMessage.send' }, code: 'INVALID_PARAM' },
  {
    name: 'wx.openApi whose requestData is not a protobuf',
    raw: multipart({ action: 'wx.openApi', apiName: 'subscribeMessage.send', requestData: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]) }),
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    code: 'INVALID_PARAM',
  },
]

/** The valid request every row is followed by: all three seeded documents, in order. */
async function stillServes() {
  const r = await admin(get({ order: '{"n":1}' }))
  expect(r.code).toBeUndefined()
  expect(r.data.list.map((d: string) => JSON.parse(d)._id)).toEqual(['a', 'b', 'c'])
}

describe('garbage admin requests get CloudBase error codes and change nothing', () => {
  it.each(adminRows)('$name → $code', async (row) => {
    const before = state()
    const body = row.raw ?? JSON.stringify(typeof row.body === 'function' ? await (row.body as () => Promise<unknown>)() : row.body)
    const res = await post('/admin', body, row.contentType)
    expect(res.status).toBe(200)
    const answer = await res.json()
    expect(answer).toMatchObject({ code: row.code, message: expect.any(String), requestId: expect.any(String) })
    expect(answer.message.length).toBeGreaterThan(0)
    expect(answer).not.toHaveProperty('data')
    expect(state()).toEqual(before)
    await stillServes()
  })
})

interface ConsoleRow {
  name: string
  path: string
  raw: string
}

const consoleRows: ConsoleRow[] = [
  { name: 'pay settings: a null body', path: '/console/api/pay/settings', raw: 'null' },
  { name: 'pay settings: an array body', path: '/console/api/pay/settings', raw: '[{"autoRefund":false}]' },
  { name: 'pay settings: a body that is not JSON', path: '/console/api/pay/settings', raw: '{"autoRefund":' },
  { name: 'pay settings: autoRefund the string "false"', path: '/console/api/pay/settings', raw: '{"autoRefund":"false"}' },
  { name: 'pay settings: autoRefund 0', path: '/console/api/pay/settings', raw: '{"autoRefund":0}' },
  { name: 'pay settings: notifyDelayMs a string', path: '/console/api/pay/settings', raw: '{"notifyDelayMs":"2000"}' },
  { name: 'pay settings: notifyDelayMs a fraction', path: '/console/api/pay/settings', raw: '{"notifyDelayMs":1.5}' },
  { name: 'pay settings: a good autoRefund with a bad notifyDelayMs (neither applied)', path: '/console/api/pay/settings', raw: '{"autoRefund":false,"notifyDelayMs":-1}' },
  { name: 'SMS failures: a null body', path: '/console/api/sms/fail-next', raw: 'null' },
  { name: 'SMS failures: n a string', path: '/console/api/sms/fail-next', raw: '{"n":"3"}' },
  { name: 'SMS failures: n too large', path: '/console/api/sms/fail-next', raw: '{"n":101}' },
  { name: 'SMS failures: code a number', path: '/console/api/sms/fail-next', raw: '{"n":1,"code":5}' },
  { name: 'subscribe refusals: a null body', path: '/console/api/subscribe/refuse', raw: 'null' },
  { name: 'subscribe refusals: refuse the string "false"', path: '/console/api/subscribe/refuse', raw: '{"openid":"o-li","refuse":"false"}' },
  { name: 'subscribe refusals: openid a number', path: '/console/api/subscribe/refuse', raw: '{"openid":5}' },
  { name: 'subscribe refusals: no openid', path: '/console/api/subscribe/refuse', raw: '{"refuse":true}' },
  { name: 'identity: a null body', path: '/console/api/identity', raw: 'null' },
  { name: 'identity: an array body', path: '/console/api/identity', raw: '["o-li"]' },
  { name: 'identity: openid a number', path: '/console/api/identity', raw: '{"openid":5}' },
  { name: 'identity: a body that is not JSON', path: '/console/api/identity', raw: 'openid=o-li' },
  { name: 'lot arrive: a null body', path: '/console/api/lot/arrive', raw: 'null' },
  { name: 'lot arrive: lotId a number', path: '/console/api/lot/arrive', raw: '{"lotId":5,"laneId":"pkuhsc-in","plate":null}' },
  { name: 'lot arrive: a lot that does not exist', path: '/console/api/lot/arrive', raw: '{"lotId":"nowhere","laneId":"pkuhsc-in","plate":"京A12345"}' },
  { name: 'lot heartbeat: an array body', path: '/console/api/lot/heartbeat', raw: '[{"lotId":"pkuhsc"}]' },
  { name: 'lot park: a body that is not JSON', path: '/console/api/lot/park', raw: '{"lotId":' },
  { name: 'lot unpark: no lotId', path: '/console/api/lot/unpark', raw: '{"space":"A-001"}' },
  { name: 'lot fault: lotId an object', path: '/console/api/lot/fault', raw: '{"lotId":{},"laneId":"pkuhsc-in","kind":"replay"}' },
]

describe('garbage sent to the dev console settings is refused with 400 and a Chinese sentence', () => {
  it.each(consoleRows)('$name', async (row) => {
    const before = state()
    const res = await post(row.path, row.raw)
    expect(res.status).toBe(400)
    const answer = await res.json()
    expect(answer.message).toMatch(/[\u4e00-\u9fff]/)
    expect(state()).toEqual(before)
    await stillServes()
  })

  it('When the same endpoints get well-typed input, then they still apply it', async () => {
    const ok = async (p: string, body: unknown) => expect((await post(p, JSON.stringify(body))).status).toBe(200)
    await ok('/console/api/pay/settings', { autoRefund: false, notifyDelayMs: 3000 })
    expect(payments(emu).settings()).toEqual({ autoRefund: false, notifyDelayMs: 3000 })
    await ok('/console/api/pay/settings', { autoRefund: true, notifyDelayMs: 0 })
    await ok('/console/api/sms/fail-next', { n: 2 })
    expect(sms(emu).pendingFailures()).toBe(2)
    await ok('/console/api/sms/fail-next', { n: 0 })
    await ok('/console/api/subscribe/refuse', { openid: 'o-zhang', refuse: true })
    expect(openapi(emu).refusals()).toEqual(['o-li', 'o-zhang'])
    await ok('/console/api/subscribe/refuse', { openid: 'o-zhang', refuse: false })
    await ok('/console/api/identity', { openid: 'o-li' })
    expect(currentIdentity(emu)).toBe('o-li')
    await ok('/console/api/identity', { openid: 'o-zhang' })
  })
})

describe('after all that garbage', () => {
  it('When the real SDK writes, reads and runs a transaction, then everything works', async () => {
    const db = useSdk(emu).database()
    const { _id } = await db.collection('garbage').add({ data: { n: 10 } })
    expect((await db.collection('garbage').doc(_id).get()).data.n).toBe(10)
    await db.runTransaction(async (t: any) => {
      const { data } = await t.collection('garbage').doc(_id).get()
      await t.collection('garbage').doc(_id).update({ data: { n: data.n + 1 } })
    })
    expect((await db.collection('garbage').doc(_id).get()).data.n).toBe(11)
    expect((await db.collection('garbage').where({ n: db.command.lte(3) }).count()).total).toBe(3)
    // Leaves the collection as seeded: every garbage row checks that exactly the three seeded documents are served.
    expect((await db.collection('garbage').doc(_id).remove()).stats.removed).toBe(1)
  })
})
