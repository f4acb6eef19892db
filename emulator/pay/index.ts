// cloudPay (`wx.wxPayApi`) and a payment simulator. Orders are created by
// unifiedOrder; a payment is settled, failed or re-delivered from the dev
// console, the H5 pay sheet or a test, and settling invokes the order's
// callback function with the event WeChat Pay's cloudPay delivers. Refunds
// follow the same path. Every delivery and the function's answer is recorded:
// an answer other than `{errcode: 0}` is a failed delivery (WeChat retries).
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { sendJson, type AdminCall, type EmulatorContext, type RouteHandler } from '../context'
import { h5Identity } from '../console/identity'
import { jsonObject, NOT_AN_OBJECT, refuse } from '../console/input'
import { DEFAULT_APPID } from '../sdk-env'

// cloudPay is WeChat Pay's service-provider mode: the provider's appid and
// merchant number sit in appid/mch_id, the mini program and its merchant in
// sub_appid/sub_mch_id. The payer's openid under the mini program is
// sub_openid; `openid` is the same person under the provider's appid, a
// different string (WeChat's documented callback example shows both).
const MCH_ID = '1800008281'
const PROVIDER_APPID = 'wxd2565e6a04246fd1'

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'PAYERROR' | 'CLOSED' | 'REFUND'

export interface PayOrder {
  outTradeNo: string
  body: string
  totalFee: number
  subMchId: string
  functionName: string
  payer: string
  attach: string
  state: TradeState
  transactionId: string
  timeEnd: string
  refundedFee: number
  createdAt: number
}

export interface Refund {
  outRefundNo: string
  outTradeNo: string
  refundFee: number
  refundId: string
  state: 'PROCESSING' | 'SUCCESS'
  /** yyyy-MM-dd HH:mm:ss (Asia/Shanghai) once the refund succeeded. */
  successTime?: string
  functionName: string
  createdAt: number
}

export interface Delivery {
  id: number
  kind: 'pay' | 'refund'
  key: string
  ok: boolean
  answer: string
  at: number
}

const nonce = () => randomBytes(8).toString('hex')
/** The payer's openid under the provider's appid: stable per person, never equal to the mini program openid. */
const providerOpenid = (openid: string) => `oPoo3${createHash('sha1').update(`provider:${openid}`).digest('base64url').slice(0, 23)}`
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('')

/** yyyyMMddHHmmss in Asia/Shanghai, as WeChat Pay writes time_end. */
function timeEnd(ms: number) {
  const d = new Date(ms + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

/** yyyy-MM-dd HH:mm:ss in Asia/Shanghai, as refund notices write success_time. */
const shanghaiTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)

function tables(emu: EmulatorContext) {
  emu.sqlite.exec(`
    CREATE TABLE IF NOT EXISTS _pay_orders (out_trade_no TEXT PRIMARY KEY, doc TEXT);
    CREATE TABLE IF NOT EXISTS _pay_refunds (out_refund_no TEXT PRIMARY KEY, out_trade_no TEXT, doc TEXT);
    CREATE TABLE IF NOT EXISTS _pay_deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, key TEXT, ok INTEGER, answer TEXT, at INTEGER);
    CREATE TABLE IF NOT EXISTS _pay_settings (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE IF NOT EXISTS _pay_faults (api TEXT PRIMARY KEY, mode TEXT, remaining INTEGER);
  `)
}

/** The cloudPay calls whose next answers can be made to fail. */
export const FAULT_APIS = ['unifiedOrder', 'queryOrder', 'closeOrder', 'refund', 'queryRefund'] as const
export type FaultApi = (typeof FAULT_APIS)[number]
/**
 * How a call fails: `business` answers result_code FAIL with SYSTEMERROR (WeChat
 * Pay's "try again later"); `http500` answers HTTP 500 with no body the SDK can
 * read; `empty` (queryRefund only) answers success with empty per-refund lists,
 * as developers report the live service sometimes does.
 */
export const FAULT_MODES = ['business', 'http500', 'empty'] as const
export type FaultMode = (typeof FAULT_MODES)[number]

/** Simulator switches, kept in SQLite like the rest of the simulator's state. */
export interface PaySettings {
  /** Refunds complete (and notify) right after they are requested; off: they wait in PROCESSING for settleRefund. */
  autoRefund: boolean
  /** Payment notices arrive this long after the payer confirms (0: before settle returns). */
  notifyDelayMs: number
}

const DEFAULT_SETTINGS: PaySettings = { autoRefund: true, notifyDelayMs: 0 }

/** The simulator: what tests, the dev console and the H5 pay sheet drive. */
export function payments(emu: EmulatorContext) {
  tables(emu)
  const db = emu.sqlite
  const getOrder = (no: string): PayOrder | undefined => {
    const r = db.prepare('SELECT doc FROM _pay_orders WHERE out_trade_no = ?').get(no) as { doc: string } | undefined
    return r ? JSON.parse(r.doc) : undefined
  }
  const putOrder = (o: PayOrder) => db.prepare('INSERT OR REPLACE INTO _pay_orders (out_trade_no, doc) VALUES (?, ?)').run(o.outTradeNo, JSON.stringify(o))
  const getRefund = (no: string): Refund | undefined => {
    const r = db.prepare('SELECT doc FROM _pay_refunds WHERE out_refund_no = ?').get(no) as { doc: string } | undefined
    return r ? JSON.parse(r.doc) : undefined
  }
  const putRefund = (r: Refund) =>
    db.prepare('INSERT OR REPLACE INTO _pay_refunds (out_refund_no, out_trade_no, doc) VALUES (?, ?, ?)').run(r.outRefundNo, r.outTradeNo, JSON.stringify(r))

  const settings = (): PaySettings => {
    const rows = db.prepare('SELECT key, value FROM _pay_settings').all() as Array<{ key: string; value: string }>
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    for (const r of rows) if (r.key in out) out[r.key] = JSON.parse(r.value)
    return out as unknown as PaySettings
  }
  const setSetting = <K extends keyof PaySettings>(key: K, value: PaySettings[K]) =>
    db.prepare('INSERT OR REPLACE INTO _pay_settings (key, value) VALUES (?, ?)').run(key, JSON.stringify(value))

  const deliver = async (kind: 'pay' | 'refund', key: string, functionName: string, payer: string, event: Record<string, unknown>) => {
    let ok = false
    let answer = ''
    try {
      const { result } = await emu.functions.invoke(functionName, event, { openid: payer })
      answer = JSON.stringify(result)
      ok = !!result && typeof result === 'object' && (result as { errcode?: unknown }).errcode === 0
    } catch (e) {
      answer = `函数执行失败：${(e as Error).message}`
    }
    db.prepare('INSERT INTO _pay_deliveries (kind, key, ok, answer, at) VALUES (?, ?, ?, ?, ?)').run(kind, key, ok ? 1 : 0, answer, emu.clock.now())
    return { ok, answer }
  }

  /**
   * The event cloudPay passes to the callback function when a payment succeeds:
   * WeChat Pay v2's notification parameters in camelCase, the keys of the
   * example in WeChat's "支付结果回调" documentation, plus attach when the order had one.
   */
  const payEvent = (o: PayOrder) => ({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    appid: PROVIDER_APPID,
    mchId: MCH_ID,
    subAppid: DEFAULT_APPID,
    subMchId: o.subMchId,
    nonceStr: nonce(),
    openid: providerOpenid(o.payer),
    subOpenid: o.payer,
    isSubscribe: 'N',
    subIsSubscribe: 'N',
    tradeType: 'JSAPI',
    bankType: 'OTHERS',
    feeType: 'CNY',
    totalFee: o.totalFee,
    cashFee: o.totalFee,
    outTradeNo: o.outTradeNo,
    transactionId: o.transactionId,
    timeEnd: o.timeEnd,
    ...(o.attach ? { attach: o.attach } : {}),
  })

  /** The refund result notice (WeChat Pay's decrypted req_info fields); it carries no attach. */
  const refundEvent = (r: Refund, o: PayOrder) => ({
    returnCode: 'SUCCESS',
    appid: PROVIDER_APPID,
    mchId: MCH_ID,
    subAppid: DEFAULT_APPID,
    subMchId: o.subMchId,
    nonceStr: nonce(),
    transactionId: o.transactionId,
    outTradeNo: o.outTradeNo,
    refundId: r.refundId,
    outRefundNo: r.outRefundNo,
    totalFee: o.totalFee,
    refundFee: r.refundFee,
    settlementRefundFee: r.refundFee,
    refundStatus: 'SUCCESS',
    successTime: r.successTime ?? shanghaiTime(emu.clock.now()),
    refundRecvAccout: '支付用户零钱',
    refundAccount: 'REFUND_SOURCE_UNSETTLED_FUNDS',
    refundRequestSource: 'API',
  })

  const api = {
    order: getOrder,
    refund: getRefund,
    /** Every order, newest first. */
    listOrders(): PayOrder[] {
      return api.orders()
    },
    orders(): PayOrder[] {
      return (db.prepare('SELECT doc FROM _pay_orders').all() as Array<{ doc: string }>).map((r) => JSON.parse(r.doc)).sort((a, b) => b.createdAt - a.createdAt)
    },
    refunds(): Refund[] {
      return (db.prepare('SELECT doc FROM _pay_refunds').all() as Array<{ doc: string }>).map((r) => JSON.parse(r.doc)).sort((a, b) => b.createdAt - a.createdAt)
    },
    deliveries(key?: string): Delivery[] {
      const rows = (key
        ? db.prepare('SELECT * FROM _pay_deliveries WHERE key = ? ORDER BY id').all(key)
        : db.prepare('SELECT * FROM _pay_deliveries ORDER BY id').all()) as any[]
      return rows.map((r) => ({ id: r.id, kind: r.kind, key: r.key, ok: !!r.ok, answer: r.answer, at: r.at }))
    },
    putOrder,
    putRefund,
    /**
     * The payer confirms: the order is paid and the callback runs before this
     * returns. `deliver: false` sends no notice (a lost one: redeliver later);
     * `delayMs` (default: the notifyDelayMs setting) sends it that many real
     * milliseconds later, as WeChat's asynchronous notice does.
     */
    async settle(outTradeNo: string, opts: { deliver?: boolean; delayMs?: number } = {}): Promise<{ ok: boolean; answer: string; scheduled?: boolean }> {
      const o = getOrder(outTradeNo)
      if (!o) throw new Error(`订单不存在：${outTradeNo}`)
      if (o.state !== 'NOTPAY' && o.state !== 'PAYERROR') throw new Error(`订单状态为 ${o.state}，不能支付`)
      o.state = 'SUCCESS'
      o.transactionId = `4200${digits(24)}`
      o.timeEnd = timeEnd(emu.clock.now())
      putOrder(o)
      if (opts.deliver === false) return { ok: false, answer: '未通知（稍后重新通知）' }
      const delay = opts.delayMs ?? settings().notifyDelayMs
      if (delay > 0) {
        const event = payEvent(o)
        // Pending until the notice has been delivered and recorded, not just sent.
        const delivered = new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            deliver('pay', o.outTradeNo, o.functionName, o.payer, event)
              .catch(() => undefined) // the emulator may have closed meanwhile
              .finally(resolve)
          }, delay)
          timer.unref()
        })
        pending.add(delivered)
        void delivered.finally(() => pending.delete(delivered))
        return { ok: false, answer: `将在 ${delay} 毫秒后通知`, scheduled: true }
      }
      return deliver('pay', o.outTradeNo, o.functionName, o.payer, payEvent(o))
    },
    /** Resolves once every delayed notice has been delivered. */
    async flush() {
      while (pending.size) await Promise.all([...pending])
    },
    /** WeChat's retry: re-delivers every paid order whose latest notice failed. Returns how many were re-sent. */
    async retryFailed() {
      const failed = (db
        .prepare(
          `SELECT key FROM _pay_deliveries d WHERE kind = 'pay' AND id = (SELECT MAX(id) FROM _pay_deliveries WHERE kind = 'pay' AND key = d.key) AND ok = 0`,
        )
        .all() as Array<{ key: string }>).map((r) => r.key)
      for (const no of failed) await api.redeliver(no)
      return failed.length
    },
    fail(outTradeNo: string) {
      const o = getOrder(outTradeNo)
      if (!o || o.state !== 'NOTPAY') throw new Error('只有待支付的订单可以置为支付失败')
      o.state = 'PAYERROR'
      putOrder(o)
    },
    /** The same success notice again, as WeChat re-sends it. */
    async redeliver(outTradeNo: string) {
      const o = getOrder(outTradeNo)
      if (!o || (o.state !== 'SUCCESS' && o.state !== 'REFUND')) throw new Error('只有已支付的订单可以重新通知')
      return deliver('pay', o.outTradeNo, o.functionName, o.payer, payEvent(o))
    },
    async settleRefund(outRefundNo: string) {
      const r = getRefund(outRefundNo)
      if (!r) throw new Error(`退款单不存在：${outRefundNo}`)
      const o = getOrder(r.outTradeNo)!
      if (r.state === 'PROCESSING') {
        r.state = 'SUCCESS'
        r.successTime = shanghaiTime(emu.clock.now())
        putRefund(r)
        if (o.refundedFee >= o.totalFee) (o.state = 'REFUND'), putOrder(o)
      }
      return deliver('refund', r.outRefundNo, r.functionName, o.payer, refundEvent(r, o))
    },
    setAutoRefund(on: boolean) {
      setSetting('autoRefund', on)
    },
    /** Payment notices arrive `ms` after the payer confirms (0: at once). */
    setNotifyDelay(ms: number) {
      setSetting('notifyDelayMs', Math.max(0, Math.floor(ms)))
    },
    settings,
    /** Makes the next `count` calls of `apiName` fail in `mode` (count 0 clears it). */
    failNext(apiName: FaultApi, count: number, mode: FaultMode = 'business') {
      if (!FAULT_APIS.includes(apiName)) throw new Error(`不支持的接口：${String(apiName)}`)
      if (!FAULT_MODES.includes(mode)) throw new Error(`不支持的故障类型：${String(mode)}`)
      if (mode === 'empty' && apiName !== 'queryRefund') throw new Error('空列表故障只适用于 queryRefund')
      if (!Number.isInteger(count) || count < 0 || count > 100) throw new Error('次数须为 0 到 100 的整数')
      if (count === 0) db.prepare('DELETE FROM _pay_faults WHERE api = ?').run(apiName)
      else db.prepare('INSERT OR REPLACE INTO _pay_faults (api, mode, remaining) VALUES (?, ?, ?)').run(apiName, mode, count)
    },
    /** The faults still armed. */
    faults(): Array<{ api: FaultApi; mode: FaultMode; remaining: number }> {
      return db.prepare('SELECT api, mode, remaining FROM _pay_faults ORDER BY api').all() as any
    },
    /** Takes one armed fault of `apiName`, if any. */
    takeFault(apiName: string): FaultMode | null {
      const row = db.prepare('SELECT mode, remaining FROM _pay_faults WHERE api = ?').get(apiName) as { mode: FaultMode; remaining: number } | undefined
      if (!row) return null
      if (row.remaining <= 1) db.prepare('DELETE FROM _pay_faults WHERE api = ?').run(apiName)
      else db.prepare('UPDATE _pay_faults SET remaining = remaining - 1 WHERE api = ?').run(apiName)
      return row.mode
    },
  }
  return api
}

// Delayed notices not yet delivered (process-wide: timers are not state worth keeping across restarts).
const pending = new Set<Promise<void>>()

function reply(fields: Record<string, unknown>) {
  // Not exactly `application/json; charset=utf-8`: the SDK must treat it as the raw WeChat Pay answer.
  return { __raw: { contentType: 'application/json', body: JSON.stringify(fields) } }
}

const fail = (code: string, des: string) =>
  reply({ return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: code, err_code_des: des })

export function registerPay(emu: EmulatorContext) {
  const pay = payments(emu)

  /** The order a request names, by transaction_id or out_trade_no. */
  const orderOf = (d: Record<string, any>) =>
    d.transaction_id ? pay.orders().find((o) => o.transactionId && o.transactionId === String(d.transaction_id)) : pay.order(String(d.out_trade_no ?? ''))

  const handlers: Record<string, (d: Record<string, any>, call: AdminCall) => unknown> = {
    unifiedOrder(d, call) {
      const totalFee = Number(d.total_fee)
      if (!d.out_trade_no || String(d.out_trade_no).length > 32) return fail('INVALID_REQUEST', 'out_trade_no 必填且不超过 32 位')
      if (!Number.isInteger(totalFee) || totalFee <= 0) return fail('INVALID_REQUEST', 'total_fee 必须为正整数（分）')
      if (!d.body || !d.sub_mch_id) return fail('INVALID_REQUEST', 'body 与 sub_mch_id 必填')
      if (d.attach && String(d.attach).length > 127) return fail('INVALID_REQUEST', 'attach 不超过 127 个字符')
      const existing = pay.order(String(d.out_trade_no))
      if (existing) {
        if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return fail('ORDERPAID', '该订单已支付')
        if (existing.state === 'CLOSED') return fail('ORDERCLOSED', '该订单已关闭')
        if (existing.totalFee !== totalFee || existing.body !== String(d.body)) return fail('INVALID_REQUEST', '201 商户订单号重复')
      } else {
        pay.putOrder({
          outTradeNo: String(d.out_trade_no),
          body: String(d.body),
          totalFee,
          subMchId: String(d.sub_mch_id),
          functionName: String(d.function_name ?? ''),
          // The payer is the user the calling function runs for (as cloudPay reads it from the
          // function's context); a call from outside any function may name one.
          payer: call.invocation?.openid || String(d.sub_openid ?? d.openid ?? ''),
          attach: String(d.attach ?? ''),
          state: 'NOTPAY',
          transactionId: '',
          timeEnd: '',
          refundedFee: 0,
          createdAt: emu.clock.now(),
        })
      }
      const prepayId = `wx${createHash('md5').update(String(d.out_trade_no)).digest('hex').slice(0, 28)}`
      const timeStamp = String(Math.floor(emu.clock.now() / 1000))
      const nonceStr = nonce()
      return reply({
        return_code: 'SUCCESS',
        return_msg: 'OK',
        appid: PROVIDER_APPID,
        mch_id: MCH_ID,
        sub_appid: DEFAULT_APPID,
        sub_mch_id: String(d.sub_mch_id),
        nonce_str: nonceStr,
        result_code: 'SUCCESS',
        trade_type: 'JSAPI',
        prepay_id: prepayId,
        sign: createHash('md5').update(`${prepayId}:${nonceStr}`).digest('hex').toUpperCase(),
        payment: {
          appId: DEFAULT_APPID,
          timeStamp,
          nonceStr,
          package: `prepay_id=${prepayId}`,
          signType: 'MD5',
          paySign: createHash('md5').update(`${prepayId}${timeStamp}${nonceStr}`).digest('hex').toUpperCase(),
        },
      })
    },
    queryOrder(d) {
      const o = orderOf(d)
      if (!o) return fail('ORDERNOTEXIST', '此交易订单号不存在')
      return reply({
        return_code: 'SUCCESS',
        result_code: 'SUCCESS',
        trade_state: o.state,
        trade_state_desc: { NOTPAY: '订单未支付', SUCCESS: '支付成功', PAYERROR: '支付失败', CLOSED: '已关闭', REFUND: '转入退款' }[o.state],
        out_trade_no: o.outTradeNo,
        total_fee: o.totalFee,
        cash_fee: o.state === 'NOTPAY' ? 0 : o.totalFee,
        transaction_id: o.transactionId,
        time_end: o.timeEnd,
        sub_mch_id: o.subMchId,
        attach: o.attach,
      })
    },
    closeOrder(d) {
      const o = pay.order(String(d.out_trade_no ?? ''))
      if (!o) return fail('ORDERNOTEXIST', '此交易订单号不存在')
      if (o.state === 'SUCCESS' || o.state === 'REFUND') return fail('ORDERPAID', '订单已支付，不能关闭')
      o.state = 'CLOSED'
      pay.putOrder(o)
      return reply({ return_code: 'SUCCESS', result_code: 'SUCCESS' })
    },
    refund(d) {
      const o = orderOf(d)
      if (!o) return fail('ORDERNOTEXIST', '此交易订单号不存在')
      const outRefundNo = String(d.out_refund_no ?? '')
      const refundFee = Number(d.refund_fee)
      if (!outRefundNo || outRefundNo.length > 64) return fail('INVALID_REQUEST', 'out_refund_no 必填')
      if (!Number.isInteger(refundFee) || refundFee <= 0) return fail('INVALID_REQUEST', 'refund_fee 必须为正整数（分）')
      if (Number(d.total_fee) !== o.totalFee) return fail('INVALID_REQUEST', '订单金额与原订单不符')
      const existing = pay.refund(outRefundNo)
      if (existing) {
        // Retrying with the same out_refund_no is the same refund.
        if (existing.outTradeNo !== o.outTradeNo || existing.refundFee !== refundFee) return fail('INVALID_REQUEST', '退款单号重复，但参数不一致')
        return reply(refundReply(o, existing))
      }
      if (o.state !== 'SUCCESS') return fail('TRADE_STATE_ERROR', '订单状态错误：未支付或已全额退款')
      if (o.refundedFee + refundFee > o.totalFee) return fail('NOTENOUGH', '退款金额超过可退金额')
      if (pay.refunds().filter((r) => r.outTradeNo === o.outTradeNo).length >= 50) return fail('FREQUENCY_LIMITED', '退款次数超过 50 次')
      const r: Refund = {
        outRefundNo,
        outTradeNo: o.outTradeNo,
        refundFee,
        refundId: `5030${digits(24)}`,
        state: 'PROCESSING',
        functionName: String(d.function_name ?? o.functionName),
        createdAt: emu.clock.now(),
      }
      o.refundedFee += refundFee
      pay.putOrder(o)
      pay.putRefund(r)
      if (pay.settings().autoRefund) setImmediate(() => void pay.settleRefund(outRefundNo).catch(() => undefined))
      return reply(refundReply(o, r))
    },
    queryRefund(d) {
      // WeChat's priority: refund_id > out_refund_no > transaction_id > out_trade_no.
      const all = pay.refunds().sort((a, b) => a.createdAt - b.createdAt)
      const o = d.refund_id || d.out_refund_no ? undefined : orderOf(d)
      const list = d.refund_id
        ? all.filter((r) => r.refundId === String(d.refund_id))
        : d.out_refund_no
          ? all.filter((r) => r.outRefundNo === String(d.out_refund_no))
          : all.filter((r) => o && r.outTradeNo === o.outTradeNo)
      if (!list.length) return fail('REFUNDNOTEXIST', '退款订单查询失败')
      const order = pay.order(list[0].outTradeNo)!
      // cloudPay answers the per-refund fields as lists (camel-cased by the SDK
      // to outRefundNoList, refundStatusList…), not WeChat Pay v2's
      // out_refund_no_$n. Developers report the live lists sometimes come back
      // empty: rely on the refund notice, not on these.
      return reply({
        return_code: 'SUCCESS',
        return_msg: 'OK',
        result_code: 'SUCCESS',
        appid: PROVIDER_APPID,
        mch_id: MCH_ID,
        sub_mch_id: order.subMchId,
        nonce_str: nonce(),
        transaction_id: order.transactionId,
        out_trade_no: order.outTradeNo,
        total_fee: order.totalFee,
        cash_fee: order.totalFee,
        refund_count: list.length,
        out_refund_no_list: list.map((r) => r.outRefundNo),
        refund_id_list: list.map((r) => r.refundId),
        refund_fee_list: list.map((r) => r.refundFee),
        settlement_refund_fee_list: list.map((r) => r.refundFee),
        refund_status_list: list.map((r) => r.state),
        refund_recv_accout_list: list.map(() => '支付用户零钱'),
        refund_success_time_list: list.map((r) => (r.state === 'SUCCESS' ? r.successTime ?? '' : '')),
      })
    },
  }

  emu.admin.set('wx.wxPayApi', (call) => {
    const name = String(call.body.apiName ?? '')
    const handler = handlers[name]
    if (!handler) return reply({ return_code: 'FAIL', return_msg: `the emulator does not implement cloudPay.${name}` })
    let data: Record<string, any>
    try {
      data = JSON.parse(call.body.requestData || '{}')
    } catch {
      return reply({ return_code: 'FAIL', return_msg: 'requestData is not JSON' })
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return reply({ return_code: 'FAIL', return_msg: 'requestData must be a JSON object' })
    const fault = pay.takeFault(name)
    if (fault === 'http500') return { __raw: { status: 500, contentType: 'text/html', body: '<html><body>500 Internal Server Error</body></html>' } }
    if (fault === 'business') return fail('SYSTEMERROR', '系统超时，请稍后再试')
    const answer = handler(data, call)
    if (fault === 'empty') return emptyRefundLists(answer)
    return answer
  })

  type Input = { outTradeNo?: unknown; outRefundNo?: unknown; on?: unknown; ms?: unknown }
  const action = (run: (no: string, input: Input, req: IncomingMessage) => unknown): RouteHandler => async (req, res, _url, body) => {
    const input = jsonObject(body) as Input | undefined
    if (!input) return refuse(res, NOT_AN_OBJECT)
    try {
      sendJson(res, 200, { ok: true, result: (await run(String(input.outTradeNo ?? input.outRefundNo ?? ''), input, req)) ?? null })
    } catch (e) {
      sendJson(res, 400, { ok: false, message: (e as Error).message })
    }
  }
  /** Who the H5 app is: its tab's person (x-dev-openid), else the console's default, as the H5 callFunction bridge does. */
  const h5User = (req: IncomingMessage) => {
    const who = h5Identity(emu, req)
    if ('refused' in who) throw new Error(who.refused)
    return who.openid
  }
  const pendingOrder = (no: string, req: IncomingMessage) => {
    const o = pay.order(no)
    if (!o) throw new Error('订单不存在')
    if (o.payer !== h5User(req)) throw new Error('只能由下单的微信用户支付')
    return o
  }

  emu.routes.push(
    {
      method: 'GET',
      prefix: '/console/api/pay',
      handler: (_req, res) => sendJson(res, 200, { orders: pay.orders(), refunds: pay.refunds(), deliveries: pay.deliveries(), settings: pay.settings(), faults: pay.faults() }),
    },
    {
      // { api, count, mode }: the next `count` calls of cloudPay.`api` fail.
      method: 'POST',
      prefix: '/console/api/pay/faults',
      handler: action((_no, input) => {
        const { api, count, mode } = input as { api?: unknown; count?: unknown; mode?: unknown }
        if (typeof api !== 'string' || typeof count !== 'number' || (mode !== undefined && typeof mode !== 'string')) throw new Error('参数须为 { api: 字符串, count: 整数, mode?: 字符串 }')
        pay.failNext(api as FaultApi, count, (mode ?? 'business') as FaultMode)
        return pay.faults()
      }),
    },
    { method: 'POST', prefix: '/console/api/pay/settle', handler: action((no) => pay.settle(no)) },
    { method: 'POST', prefix: '/console/api/pay/fail', handler: action((no) => pay.fail(no)) },
    { method: 'POST', prefix: '/console/api/pay/redeliver', handler: action((no) => pay.redeliver(no)) },
    { method: 'POST', prefix: '/console/api/pay/refund', handler: action((no) => pay.settleRefund(no)) },
    { method: 'POST', prefix: '/console/api/pay/retry-failed', handler: action(async () => ({ redelivered: await pay.retryFailed() })) },
    {
      // { autoRefund?: boolean, notifyDelayMs?: number }: both checked before either is applied.
      method: 'POST',
      prefix: '/console/api/pay/settings',
      handler: (_req, res, _url, body) => {
        const input = jsonObject(body)
        if (!input) return refuse(res, NOT_AN_OBJECT)
        const { autoRefund, notifyDelayMs } = input
        if (autoRefund !== undefined && typeof autoRefund !== 'boolean') return refuse(res, 'autoRefund 必须是 true 或 false')
        if (notifyDelayMs !== undefined && !(typeof notifyDelayMs === 'number' && Number.isInteger(notifyDelayMs) && notifyDelayMs >= 0 && notifyDelayMs <= 600_000)) {
          return refuse(res, '通知延迟 notifyDelayMs 必须是 0 到 600000 之间的整数（毫秒）')
        }
        if (autoRefund !== undefined) pay.setAutoRefund(autoRefund)
        if (notifyDelayMs !== undefined) pay.setNotifyDelay(notifyDelayMs)
        sendJson(res, 200, { ok: true, result: pay.settings() })
      },
    },
    // The H5 build's WeChat-Pay-like sheet: only the payer can confirm.
    {
      method: 'POST',
      prefix: '/h5/pay/confirm',
      handler: action(async (no, _input, req) => {
        pendingOrder(no, req)
        return pay.settle(no)
      }),
    },
    {
      // The payer backed out of the sheet: the order stays unpaid and nothing is notified, as in WeChat.
      method: 'POST',
      prefix: '/h5/pay/cancel',
      handler: action((no, _input, req) => {
        const o = pendingOrder(no, req)
        return { cancelled: true, state: o.state }
      }),
    },
  )
}

/** A queryRefund answer with its per-refund lists emptied (the state then unknown to the caller). */
function emptyRefundLists(answer: unknown) {
  const raw = (answer as { __raw?: { contentType: string; body: string } }).__raw
  if (!raw) return answer
  const fields = JSON.parse(raw.body) as Record<string, unknown>
  for (const k of Object.keys(fields)) if (k.endsWith('_list')) fields[k] = []
  return reply(fields)
}

function refundReply(o: PayOrder, r: Refund) {
  return {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    result_code: 'SUCCESS',
    appid: PROVIDER_APPID,
    mch_id: MCH_ID,
    sub_mch_id: o.subMchId,
    nonce_str: nonce(),
    transaction_id: o.transactionId,
    out_trade_no: o.outTradeNo,
    out_refund_no: r.outRefundNo,
    refund_id: r.refundId,
    refund_fee: r.refundFee,
    total_fee: o.totalFee,
    cash_fee: o.totalFee,
    cash_refund_fee: r.refundFee,
    coupon_type_list: [],
    coupon_refund_id_list: [],
    coupon_refund_fee_list: [],
  }
}
