// The `card` function (issue 14, 校园一卡通 — seeds 003 and 004): the holder's
// own card (绑定 with name, number and 查询密码; 解除绑定; 主界面 with 余额 and
// 待圈存 read from the platform and where pending money is claimed; 交易明细 by
// month; 卡挂失), 微信充值 of the bound card or of anyone's card (充值 → 学校,
// 姓名, 卡号; remembered after the first paid top-up; 充值记录), and in 工作台
// the day's reconciliation of WeChat Pay's paid top-ups with the platform's
// transfers. The rules are src/domain/card/.
//
// Decisions:
// - We never hold a balance: 余额 and 待圈存 are the platform's answer at the
//   time of asking; when the platform cannot be reached, `home` says so
//   (`unavailable`) instead of showing numbers.
// - Card numbers and names are taken as typed (strings within a length) and
//   normalised by card-number.ts in the function, which answers the rule's
//   own sentence (CARD_NUMBER_INVALID, CARD_NAME_INVALID) — the seed's 999 /
//   F000999 rules live in one place.
// - A top-up names its card as `'mine'` (the bound card), `{cardId}` (one of
//   the caller's remembered cards, `cards`) or `{school, name, cardNo}` (新卡充值);
//   the platform checks that name and number belong together before any
//   payment is placed.
// - Another holder's name is shown masked (张*), their card number in full
//   (the payer typed it).
import * as z from '../zod'
import { CARD_KINDS, CARD_STATUSES } from '../card/platform'
import { TOPUP_STATUSES } from '../card/topup'
import { Phone } from '../phone'
import { anyUser, staff } from './access'
import type { FunctionContract } from './contract'
import { Id, plainText } from './fields'
import { Payment } from './permit'

const CardNoInput = z.string('请输入校园卡卡号').check(z.maxLength(40, '卡号过长，请核对后重新输入'), plainText())
const NameInput = z.string('请输入持卡人姓名').check(z.maxLength(40, '姓名过长，请输入校园卡登记的姓名'), plainText())
const QueryPassword = z.string('请输入查询密码').check(z.maxLength(20, '查询密码为 6 位数字（初始密码为 123456）'), plainText())
const School = z.string('请选择学校').check(z.minLength(1, '请选择学校'), z.maxLength(60, '请选择学校'), plainText())
const Month = z.string('请选择月份').check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'))
const Day = z.string('请选择日期').check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'))
const Before = z.int('分页参数有误').check(z.positive('分页参数有误'))

/** The bound card, as its holder sees it. */
export const CardView = z.object({
  cardNo: z.string(),
  name: z.string(),
  kind: z.enum(CARD_KINDS),
  kindLabel: z.string(),
  school: z.string(),
  boundAt: z.int(),
})

/** A remembered card of 充值 他人 (seed 003: 身份信息会自动保存). */
export const RememberedCard = z.object({
  id: z.string(),
  school: z.string(),
  /** Masked: 张*. */
  name: z.string(),
  cardNo: z.string(),
  kindLabel: z.string(),
  lastAt: z.int(),
})

/** One top-up as its payer sees it (充值记录, the poll after paying). */
export const TopupView = z.object({
  id: z.string(),
  mine: z.boolean(),
  school: z.string(),
  cardNo: z.string(),
  /** The holder: in full for the payer's own card, else masked. */
  name: z.string(),
  amountFen: z.int(),
  status: z.enum(TOPUP_STATUSES),
  /** 待支付, 待入账, 待圈存, 已领取, 已关闭, 退款中, 已退款. */
  statusLabel: z.string(),
  /** What seed 003's 充值记录 shows under the line: 交易成功 / 交易关闭 (or 已退款). */
  recordLabel: z.string(),
  /** A sentence on what happens next (where to claim, that a refund is under way…). */
  note: z.string(),
  /** The SMS phone, masked, or null. */
  phone: z.nullable(z.string()),
  createdAt: z.int(),
  paidAt: z.nullable(z.int()),
  creditedAt: z.nullable(z.int()),
  claimedAt: z.nullable(z.int()),
  refundedAt: z.nullable(z.int()),
})

const TopupCard = z.union([
  z.literal('mine'),
  z.strictObject({ cardId: Id }),
  z.strictObject({ school: School, name: NameInput, cardNo: CardNoInput }),
])

const Difference = z.object({
  serialNo: z.string(),
  /** notCredited: paid, not on the platform; creditedOtherDay / paidOtherDay: the two sides fell on different days; noPayment: a transfer of ours without a paid top-up; mismatch: card or amount differ; creditedAndRefunded: on the platform and refunded too. */
  kind: z.enum(['notCredited', 'creditedOtherDay', 'paidOtherDay', 'noPayment', 'mismatch', 'creditedAndRefunded']),
  label: z.string(),
  cardNo: z.string(),
  /** What WeChat Pay took (0 when nothing was paid). */
  paidFen: z.int(),
  /** What the platform holds (0 when nothing was transferred). */
  creditedFen: z.int(),
  status: z.nullable(z.enum(TOPUP_STATUSES)),
  statusLabel: z.string(),
  paidAt: z.nullable(z.int()),
  creditedAt: z.nullable(z.int()),
})

export const cardContract = {
  /** 充值's settings: the schools (our campus), the kiosks, the amounts the platform takes, the number hint. */
  config: {
    access: anyUser,
    input: z.strictObject({}),
    output: z.object({
      schools: z.array(z.string()),
      kiosks: z.array(z.string()),
      minFen: z.int(),
      maxFen: z.int(),
      presetsFen: z.array(z.int()),
      defaultAmountFen: z.int(),
      cardNumberHint: z.string(),
      agreement: z.string(),
    }),
  },
  /** Whether the caller has bound a card, and which. */
  mine: {
    access: anyUser,
    input: z.strictObject({}),
    output: z.object({ bound: z.boolean(), card: z.nullable(CardView) }),
  },
  /** 绑定: 姓名, 学号/卡号 and 查询密码, checked by the platform; 5 wrong passwords lock binding for a while. */
  bind: {
    access: anyUser,
    input: z.strictObject({ name: NameInput, cardNo: CardNoInput, queryPassword: QueryPassword }),
    output: z.object({ bound: z.boolean(), card: z.nullable(CardView) }),
  },
  unbind: {
    access: anyUser,
    input: z.strictObject({}),
    output: z.object({ bound: z.boolean(), card: z.nullable(CardView) }),
  },
  /** 主界面: 余额 and 待圈存 from the platform (null when it cannot be reached), the card's status, and where pending money is claimed. */
  home: {
    access: anyUser,
    input: z.strictObject({}),
    output: z.object({
      card: CardView,
      status: z.nullable(z.enum(CARD_STATUSES)),
      statusLabel: z.string(),
      balanceFen: z.nullable(z.int()),
      pendingFen: z.nullable(z.int()),
      /** Why the numbers are missing, or null. */
      unavailable: z.nullable(z.string()),
      claimText: z.string(),
      kiosks: z.array(z.string()),
    }),
  },
  /** 交易明细 of one month (YYYY-MM; without it, this month by the server's clock), newest first. */
  statements: {
    access: anyUser,
    input: z.strictObject({ month: z.optional(Month) }),
    output: z.object({
      month: z.string(),
      /** This month by the server's clock: the page goes no further. */
      currentMonth: z.string(),
      incomeFen: z.int(),
      expenseFen: z.int(),
      /** amountFen: the effect on 余额 + 待圈存 (a meal −, a top-up +, a claim 0); claimedFen: what a claim moved from 待圈存 onto the card; balanceAfterFen: 余额 after it. */
      items: z.array(z.object({ id: z.string(), at: z.int(), title: z.string(), amountFen: z.int(), claimedFen: z.int(), balanceAfterFen: z.int(), place: z.nullable(z.string()) })),
    }),
  },
  /** 卡挂失 with the 6-digit 查询密码; unfreezing (解挂) is done in person. */
  reportLost: {
    access: anyUser,
    input: z.strictObject({ queryPassword: QueryPassword }),
    output: z.object({ status: z.enum(CARD_STATUSES), statusLabel: z.string(), lostAt: z.int(), notice: z.string() }),
  },
  /** 微信充值 / 充值 他人: checks the card with the platform, records the top-up, then places the WeChat Pay order. */
  topUp: {
    access: anyUser,
    input: z.strictObject({
      card: TopupCard,
      amountFen: z.int('请输入充值金额').check(z.positive('请输入正确的充值金额')),
      phone: z.optional(Phone),
      consent: z.literal(true, { error: '请阅读并同意《校园一卡通用户服务协议》' }),
    }),
    /** `orderId`: WeChat Pay's out_trade_no (the H5 simulator's sheet settles it). */
    output: z.object({ topUp: TopupView, payment: Payment, orderId: z.string(), description: z.string() }),
  },
  /** One of the caller's top-ups; an unpaid one is confirmed with WeChat Pay first (the page polls it after paying). */
  topUpDetail: {
    access: anyUser,
    input: z.strictObject({ id: Id }),
    output: z.object({ topUp: TopupView }),
  },
  /** 充值记录: the caller's top-ups, newest first, a page at a time. */
  topUps: {
    access: anyUser,
    input: z.strictObject({ before: z.optional(Before) }),
    output: z.object({ topUps: z.array(TopupView), nextBefore: z.nullable(z.int()) }),
  },
  /** The caller's remembered cards (充值 他人), newest first. */
  cards: {
    access: anyUser,
    input: z.strictObject({}),
    output: z.object({ cards: z.array(RememberedCard) }),
  },
  /** Forgets a remembered card. */
  forgetCard: {
    access: anyUser,
    input: z.strictObject({ cardId: Id }),
    output: z.object({ cards: z.array(RememberedCard) }),
  },

  // The parking office (工作台).
  /** A Shanghai day's reconciliation (without a day, today by the server's clock): WeChat Pay's paid top-ups against the platform's transfers, every difference listed. */
  reconciliation: {
    access: staff('office'),
    input: z.strictObject({ day: z.optional(Day) }),
    output: z.object({
      day: z.string(),
      /** Today by the server's clock: the page goes no further. */
      today: z.string(),
      paid: z.object({ count: z.int(), totalFen: z.int() }),
      credited: z.object({ count: z.int(), totalFen: z.int() }),
      matched: z.int(),
      differences: z.array(Difference),
    }),
  },
} satisfies FunctionContract
