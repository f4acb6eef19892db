// The campus-card platform's wire protocol, as the simulator serves it
// (shaped like 正元 / 新开普 open APIs). The adapter
// (cloudfunctions/_shared/campus-card.ts) implements the client side on its
// own, so a drift between the two shows up in the tests rather than being
// shared by both.
//
//   POST <endpoint>/gateway   content-type: application/json
//   { app_key, method, timestamp, nonce, biz_content, sign }
//     timestamp    epoch SECONDS as a decimal string; accepted within ±300 s
//     nonce        8–64 of [A-Za-z0-9], never reused within the window
//     biz_content  the method's parameters as a JSON string
//     sign         lower-case hex HMAC-SHA256 keyed by the app secret over
//                  the other five fields sorted by name as k=v joined by &:
//                  app_key=…&biz_content=…&method=…&nonce=…&timestamp=…
//   answer, HTTP 200: { code, msg, data?, request_id }; code SUCCESS or one
//   of CARD_ERRORS. A platform that is down answers HTTP 503 (or nothing).
import { createHmac } from 'node:crypto'

/** The endpoint (CARD_ENDPOINT) is this base on the emulator; the gateway is `<endpoint>/gateway`. */
export const CARD_GATEWAY_BASE = '/card-platform'
export const GATEWAY_PATH = `${CARD_GATEWAY_BASE}/gateway`

/** The one app the simulated platform knows: our mini program's credentials. */
export const CARD_APP_KEY = 'campus-parking-local'
export const CARD_APP_SECRET = 'local-card-secret-7f3a9c'

export const CLOCK_SKEW_S = 300

export const METHODS = [
  'card.holder.verify',
  'card.account.query',
  'card.transfer.create',
  'card.transfer.query',
  'card.reconcile.query',
  'card.transactions.query',
  'card.loss.report',
] as const
export type Method = (typeof METHODS)[number]

/** The platform's error codes and the messages it answers with. */
export const CARD_ERRORS = {
  INVALID_REQUEST: '请求参数错误',
  INVALID_APP_KEY: '无效的应用标识',
  SIGN_ERROR: '签名校验失败',
  TIMESTAMP_EXPIRED: '请求时间戳已过期',
  NONCE_REPLAYED: '重复的请求',
  UNKNOWN_METHOD: '不支持的接口',
  ACCOUNT_NOT_FOUND: '账户不存在',
  NAME_MISMATCH: '姓名与卡号不符',
  QUERY_PASSWORD_ERROR: '查询密码错误',
  ACCOUNT_LOST: '账户已挂失',
  ACCOUNT_FROZEN: '账户已冻结',
  ACCOUNT_CLOSED: '账户已销户',
  ALREADY_LOST: '账户已处于挂失状态',
  DUPLICATE_SERIAL: '流水号重复',
  SERIAL_NOT_FOUND: '流水号不存在',
  AMOUNT_INVALID: '金额不合法',
  AMOUNT_OVER_LIMIT: '超过单笔转账限额',
  DAILY_LIMIT_EXCEEDED: '超过当日转账限额',
  OUTSIDE_SERVICE_HOURS: '非服务时间，系统日结中',
  SYSTEM_BUSY: '系统繁忙',
} as const
export type CardErrorCode = keyof typeof CARD_ERRORS

export interface GatewayRequest {
  app_key: string
  method: string
  timestamp: string
  nonce: string
  biz_content: string
  sign: string
}

export function canonical(p: Omit<GatewayRequest, 'sign'>): string {
  return (['app_key', 'biz_content', 'method', 'nonce', 'timestamp'] as const).map((k) => `${k}=${p[k]}`).join('&')
}

export function signOf(p: Omit<GatewayRequest, 'sign'>, secret: string): string {
  return createHmac('sha256', secret).update(canonical(p), 'utf8').digest('hex')
}
