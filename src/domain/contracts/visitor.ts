// The `visitor` function (issue 13, 访客预约 — seed 001 chapter 3): a host's
// 账号绑定 / 解除绑定 and their passes (预约, the list, 修改预约, 取消预约, 分享
// with an optional SMS to the visitor); the visitor's view of a shared pass
// (no login: every weapp call has an OPENID, so `anyUser`, and the token is
// what admits); the guard's 访客核验 and 登记到访; and in 工作台 the host
// accounts and the visit settings. The rules are src/domain/visitor/ and
// src/domain/lockout.ts.
//
// Decisions:
// - Identity is the platform's: the host is whoever's WeChat is bound to a
//   host account; nothing in the input names the caller.
// - `create` takes the form as VisitorFormSchema (the window included); the
//   office's limits (人数, the window) are checked by checkVisitorForm in the
//   function and refused as VISITOR_FORM_INVALID with every field's reason in
//   `details.errors`, so the page can place them under the fields.
// - `modify` and `checkIn` name the version the caller saw: a pass changed
//   meanwhile is refused, never changed or admitted on stale words.
// - The QR holds `visitor:<token>`; `check` takes the token with or without
//   that prefix, or the 6-digit code.
// - Views show phones masked, except `detail.form`: the host's own typing,
//   returned to them alone to prefill 修改预约 — and only while their account
//   is active (a deactivated host cannot modify; they read it masked).
import * as z from '../zod'
import { PARKING_PAYERS, PASS_STATUSES, VisitorSettingsSchema } from '../visitor/pass'
import { VisitorFormSchema } from '../visitor/form'
import { Phone } from '../phone'
import { anyUser, staff } from './access'
import type { FunctionContract } from './contract'
import { Id, plainText } from './fields'

const chars = (s: string) => Array.from(s).length

/** A host account name: letters, digits and _ . -, taken in lower case. */
export const HostAccount = z
  .string('请输入账号')
  .check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/, '账号应为 3–32 位字母、数字或 _ . -'))

/** A password as typed when binding (its rules are checked when it is set). */
const Password = z.string('请输入密码').check(z.minLength(1, '请输入密码'), z.maxLength(64, '密码不超过 64 位'))

/** A new host password: 8–64 characters with a letter and a digit, no spaces or control characters. */
export const NewHostPassword = z
  .string('请设置初始密码')
  .check(
    z.minLength(8, '密码至少 8 位'),
    z.maxLength(64, '密码不超过 64 位'),
    z.regex(/^[\x21-\x7e]+$/, '密码只能包含字母、数字和英文符号'),
    z.refine((s) => /[A-Za-z]/.test(s) && /\d/.test(s), '密码须同时包含字母和数字'),
  )

const PersonName = z.string('请填写姓名').check(z.trim(), plainText(), z.refine((s) => chars(s) >= 2 && chars(s) <= 20, '姓名应为 2–20 个字'))
const Department = z.string('请填写部门').check(z.trim(), plainText(), z.refine((s) => chars(s) >= 1 && chars(s) <= 40, '部门应为 1–40 个字'))
const Address = z.string('请填写来访地址').check(z.trim(), plainText(), z.refine((s) => chars(s) >= 2 && chars(s) <= 60, '来访地址应为 2–60 个字'))

/** A QR token (`<id>.<version>.<mac>`, optionally `visitor:`-prefixed): its form only; the function verifies it. */
export const PassTokenInput = z.string('无效的访客凭证').check(z.minLength(1, '无效的访客凭证'), z.maxLength(420, '无效的访客凭证'), z.regex(/^(visitor:)?[A-Za-z0-9_.-]+$/, '无效的访客凭证'))
export const VisitorCodeInput = z.string('请输入 6 位验证码').check(z.trim(), z.regex(/^\d{6}$/, '请输入 6 位验证码'))

const Version = z.int('预约版本有误').check(z.minimum(1, '预约版本有误'))
const Cursor = z.int('分页参数有误').check(z.minimum(0, '分页参数有误'))

export const HostView = z.object({ account: z.string(), name: z.string(), department: z.string(), active: z.boolean() })

/** A pass as its host sees it (list, detail). */
export const HostPassView = z.object({
  id: z.string(),
  version: z.int(),
  name: z.string(),
  /** Masked (139****1234). */
  phone: z.string(),
  purpose: z.string(),
  start: z.int(),
  end: z.int(),
  /** 2026.12.06 14:00–16:00 */
  windowText: z.string(),
  visitors: z.int(),
  plate: z.nullable(z.string()),
  plateText: z.nullable(z.string()),
  /** As of now: a booked pass past its window reads EXPIRED before the sweep writes it. */
  status: z.enum(PASS_STATUSES),
  statusLabel: z.string(),
  /** The 6-digit code while the pass works (待到访, or 已到访 within its window); else null. */
  code: z.nullable(z.string()),
  parkingPayer: z.enum(PARKING_PAYERS),
  /** 访客停车：免费 / 被访人支付 / 访客自付 */
  parkingPayerLabel: z.string(),
  createdAt: z.int(),
  arrivedAt: z.nullable(z.int()),
  mayModify: z.boolean(),
  mayCancel: z.boolean(),
  mayShare: z.boolean(),
})

/** What a shared pass shows the visitor: only what they need. */
export const VisitorPassView = z.object({
  name: z.string(),
  windowText: z.string(),
  start: z.int(),
  end: z.int(),
  hostName: z.string(),
  address: z.string(),
  code: z.string(),
  status: z.enum(PASS_STATUSES),
  statusLabel: z.string(),
  parkingPayerLabel: z.string(),
})

/** What the guard sees of a pass, with whether it may be checked in now. */
export const GuardPassView = z.object({
  id: z.string(),
  version: z.int(),
  name: z.string(),
  phone: z.string(),
  purpose: z.string(),
  visitors: z.int(),
  hostName: z.string(),
  hostDepartment: z.string(),
  start: z.int(),
  end: z.int(),
  windowText: z.string(),
  plate: z.nullable(z.string()),
  plateText: z.nullable(z.string()),
  status: z.enum(PASS_STATUSES),
  statusLabel: z.string(),
  parkingPayerLabel: z.string(),
  /** 登记到访 now: allowed, or the reason it is not (未到来访时间, 来访时间已过, 预约已取消, 已登记到访). */
  checkIn: z.object({ ok: z.boolean(), message: z.nullable(z.string()) }),
  entries: z.int(),
})

/** A host account as the office sees it. */
export const HostAccountView = z.object({
  id: z.string(),
  account: z.string(),
  name: z.string(),
  department: z.string(),
  /** Masked. */
  phone: z.string(),
  active: z.boolean(),
  bound: z.boolean(),
  /** Locked by wrong passwords until then; null when not locked. */
  lockedUntil: z.nullable(z.int()),
  createdAt: z.int(),
})

const BindStatus = z.object({ bound: z.boolean(), host: z.nullable(HostView) })
const SettingsView = z.object({ settings: VisitorSettingsSchema, address: z.string() })

export const visitorContract = {
  // ── 账号绑定 ──
  /** Whether the caller's WeChat is bound to a host account, and which. */
  bindStatus: { access: anyUser, input: z.strictObject({}), output: BindStatus },
  /** 账号绑定: wrong passwords are limited per host account name (5, then locked with the time shown) and per WeChat account across accounts; an unknown account answers as a wrong password does. */
  bind: { access: anyUser, input: z.strictObject({ account: HostAccount, password: Password }), output: BindStatus },
  /** 解除绑定. */
  unbind: { access: anyUser, input: z.strictObject({}), output: BindStatus },

  // ── 访客预约 (a bound host) ──
  create: { access: anyUser, input: VisitorFormSchema, output: z.object({ pass: HostPassView }) },
  /** Upcoming first (soonest first), then past (latest first); `cursor`: the previous page's nextCursor. */
  list: {
    access: anyUser,
    input: z.strictObject({ cursor: z.optional(Cursor) }),
    /** `limits`: the office's limits on a visit, so the form offers only what the server takes. */
    output: z.object({
      passes: z.array(HostPassView),
      nextCursor: z.nullable(z.int()),
      now: z.int(),
      limits: z.object({ maxDaysAhead: z.int(), maxWindowHours: z.int(), visitHours: z.nullable(z.object({ from: z.int(), to: z.int() })) }),
    }),
  },
  detail: {
    access: anyUser,
    input: z.strictObject({ passId: Id }),
    output: z.object({
      pass: HostPassView,
      /** When the visitor does not pay their parking (免费, 被访人支付): what the visit's window took off their bill so far, in words; null otherwise or before the car came. */
      parking: z.nullable(z.object({ coveredFen: z.int(), text: z.string() })),
      /** The form as stored, to prefill 修改预约 (the host's own typing): unmasked while the host is active, the phone masked once deactivated. */
      form: z.object({ name: z.string(), phone: z.string(), purpose: z.string(), start: z.int(), end: z.int(), visitors: z.int(), plate: z.nullable(z.string()) }),
      hostName: z.string(),
      address: z.string(),
    }),
  },
  /** 修改预约: a new version and a new code; the old QR and code stop working. */
  modify: { access: anyUser, input: z.strictObject({ passId: Id, version: Version, form: VisitorFormSchema }), output: z.object({ pass: HostPassView }) },
  /** 取消预约. */
  cancel: { access: anyUser, input: z.strictObject({ passId: Id }), output: z.object({ pass: HostPassView }) },
  /** 分享: the signed token (QR `qr`, the visitor view `path`), and with `sms` the code sent to the visitor's phone. */
  share: {
    access: anyUser,
    input: z.strictObject({ passId: Id, sms: z.optional(z.boolean('短信选项有误')) }),
    output: z.object({
      token: z.string(),
      qr: z.string(),
      path: z.string(),
      code: z.string(),
      name: z.string(),
      windowText: z.string(),
      hostName: z.string(),
      address: z.string(),
      smsSent: z.boolean(),
    }),
  },

  // ── The visitor (a shared link; any WeChat user, the token admits) ──
  /** A forged, old or dead token answers the notice and no pass. */
  view: { access: anyUser, input: z.strictObject({ token: PassTokenInput }), output: z.object({ notice: z.nullable(z.string()), pass: z.nullable(VisitorPassView) }) },

  // ── 访客核验 (guard) ──
  /** By the scanned QR token or the typed code (typing is rate-limited per guard). */
  check: {
    access: staff('guard'),
    input: z
      .strictObject({ token: z.optional(PassTokenInput), code: z.optional(VisitorCodeInput) })
      .check(z.refine((i) => (i.token === undefined) !== (i.code === undefined), '请扫描访客二维码或输入 6 位验证码')),
    output: z.object({ pass: GuardPassView }),
  },
  /** 登记到访 of the pass (at the version the guard saw); the host is told. */
  checkIn: { access: staff('guard'), input: z.strictObject({ passId: Id, version: Version }), output: z.object({ pass: GuardPassView }) },

  // ── 工作台 (the parking office) ──
  hosts: { access: staff('office'), input: z.strictObject({}), output: z.object({ hosts: z.array(HostAccountView) }) },
  addHost: {
    access: staff('office'),
    input: z.strictObject({ account: HostAccount, name: PersonName, department: Department, phone: Phone, password: NewHostPassword }),
    output: z.object({ host: HostAccountView }),
  },
  /** Deactivating stops new passes and binding; the host may still see and cancel theirs, and issued passes stay valid. */
  setHostActive: { access: staff('office'), input: z.strictObject({ hostId: Id, active: z.boolean('请选择启用或停用') }), output: z.object({ host: HostAccountView }) },
  /** 解除绑定 by the office: the account's WeChat (if any) no longer holds it; the next bind needs the password. */
  unbindHost: { access: staff('office'), input: z.strictObject({ hostId: Id }), output: z.object({ host: HostAccountView }) },
  /** 重置密码 by the office (a host who forgot it): a new initial password, the wrong-password lock lifted; the binding stays. */
  resetHostPassword: { access: staff('office'), input: z.strictObject({ hostId: Id, password: NewHostPassword }), output: z.object({ host: HostAccountView }) },
  settings: { access: staff('office'), input: z.strictObject({}), output: SettingsView },
  setSettings: { access: staff('office'), input: z.strictObject({ settings: VisitorSettingsSchema, address: Address }), output: SettingsView },
} satisfies FunctionContract
