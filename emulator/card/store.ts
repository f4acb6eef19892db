// The card platform simulator's books, in the emulator's SQLite: accounts
// (balance and pending 待圈存 in fen, status, the 6-digit query password and
// the card password), one ledger line per money movement, the nonces seen,
// and the simulator's settings (outage, service hours, limits).
//
// The invariant the ledger keeps: for every account, balance equals the sum
// of its lines' balance deltas, pending the sum of their pending deltas, and
// so balance + pending the sum of their amounts (amount = balance delta +
// pending delta; a claim moves pending onto the card and has amount 0).
// Every change of an account and its line are written in one SQLite
// transaction, so the invariant holds between any two statements a reader
// sees.
//
// Seeding: the accounts below, each opened 60 days before the seed time with
// a little history (meals, a top-up claimed) so 交易明细 has more than one
// month; balances are as in the seeds (张伟 122.82, 李娜 117.78 with 3.00
// 待圈存, a top-up through Alipay as in seed 003, so it is not ours to
// reconcile). Seeded when the accounts table is empty and again on reset().
import type { EmulatorContext } from '../context'
import { shanghai } from '../../src/domain/time'
import type { CardKind, CardStatus } from '../../src/domain/card/platform'

export type LedgerKind = 'opening' | 'transfer' | 'claim' | 'pos'

export interface AccountRow {
  cardNo: string
  name: string
  kind: CardKind
  status: CardStatus
  balanceFen: number
  pendingFen: number
  queryPassword: string
  cardPassword: string
  lostAt: number | null
}

export interface LedgerLine {
  id: number
  cardNo: string
  at: number
  /** YYYY-MM in Shanghai. */
  month: string
  kind: LedgerKind
  title: string
  /** The line's effect on balance + pending (a claim: 0). */
  amountFen: number
  balanceDeltaFen: number
  pendingDeltaFen: number
  balanceAfterFen: number
  pendingAfterFen: number
  /** The caller's serial number, for a transfer. */
  serialNo: string | null
  /** Who made a transfer: the app key it came through ('alipay' for the seeded ones); serials are unique per channel. */
  channel: string | null
  /** The POS merchant or the kiosk's place. */
  place: string | null
}

export interface Settings {
  /** off, or how the platform is down: 503s, no answer at all, or doing the work and losing the answer. */
  outage: 'off' | 'http503' | 'timeout' | 'lostAnswer'
  /** How long a 'timeout' request hangs before its connection is dropped. */
  hangMs: number
  /** When transfers are taken, Shanghai HH:mm (a window may wrap midnight); null: always. */
  serviceHours: { start: string; end: string } | null
  minTransferFen: number
  maxTransferFen: number
  /** The most one account may receive by transfer per Shanghai day. */
  dailyLimitFen: number
}

export const DEFAULT_SETTINGS: Settings = {
  outage: 'off',
  hangMs: 15_000,
  serviceHours: null,
  minTransferFen: 100,
  maxTransferFen: 50_000,
  dailyLimitFen: 200_000,
}

interface SeedAccount {
  cardNo: string
  name: string
  kind: CardKind
  status: CardStatus
  balanceFen: number
  pendingFen: number
  queryPassword: string
  cardPassword: string
  /** Meals: [days before the seed, fen, merchant]. */
  spends: Array<[number, number, string]>
}

const CANTEEN = '上海亚惠博海餐饮有限公司'
const meals = (...list: Array<[number, number]>): Array<[number, number, string]> => list.map(([d, f], i) => [d, f, i % 3 === 2 ? '校园超市' : i % 2 ? '第二食堂' : CANTEEN])

/** The seeded cards. Initial passwords are the seed's 123456 unless the holder changed them. */
export const SEED_ACCOUNTS: SeedAccount[] = [
  { cardNo: '2021110001', name: '张伟', kind: 'student', status: 'normal', balanceFen: 12282, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: meals([45, 1200], [40, 650], [33, 2400], [20, 600], [3, 1200], [1, 650]) },
  { cardNo: '2022110002', name: '李娜', kind: 'student', status: 'normal', balanceFen: 11778, pendingFen: 300, queryPassword: '123456', cardPassword: '123456', spends: meals([38, 1200], [12, 650], [2, 600]) },
  { cardNo: '2023110003', name: '陈静', kind: 'student', status: 'normal', balanceFen: 500, pendingFen: 0, queryPassword: '802315', cardPassword: '135790', spends: meals([30, 2400], [5, 1200]) },
  { cardNo: '2020110004', name: '周强', kind: 'student', status: 'lost', balanceFen: 4300, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: meals([25, 600]) },
  { cardNo: '2019110005', name: '孙丽', kind: 'student', status: 'frozen', balanceFen: 2100, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: [] },
  { cardNo: '2016110006', name: '刘洋', kind: 'student', status: 'closed', balanceFen: 0, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: meals([50, 1500]) },
  { cardNo: 'T2008001', name: '王建国', kind: 'staff', status: 'normal', balanceFen: 35600, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: meals([35, 1800], [7, 1200]) },
  { cardNo: 'T2015023', name: '赵敏', kind: 'staff', status: 'normal', balanceFen: 8850, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: meals([15, 1200]) },
  { cardNo: '999', name: '王芳', kind: 'visitor', status: 'normal', balanceFen: 5000, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: [] },
  { cardNo: 'F000999', name: '李强', kind: 'visitor', status: 'normal', balanceFen: 0, pendingFen: 0, queryPassword: '123456', cardPassword: '123456', spends: [] },
]

const DAY = 86_400_000
export const monthOf = (at: number) => shanghai(at).format('YYYY-MM')

export function ensureTables(emu: EmulatorContext) {
  // The books are the simulator's own and disposable: a data folder from before
  // transfers had a channel is dropped and seeded again.
  const cols = emu.sqlite.prepare("SELECT name FROM pragma_table_info('_card_ledger')").all() as Array<{ name: string }>
  if (cols.length && !cols.some((c) => c.name === 'channel')) emu.sqlite.exec('DROP TABLE _card_ledger; DELETE FROM _card_accounts')
  emu.sqlite.exec(`CREATE TABLE IF NOT EXISTS _card_accounts (
      card_no TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
      balance_fen INTEGER NOT NULL, pending_fen INTEGER NOT NULL,
      query_password TEXT NOT NULL, card_password TEXT NOT NULL, lost_at INTEGER);
    CREATE TABLE IF NOT EXISTS _card_ledger (
      id INTEGER PRIMARY KEY AUTOINCREMENT, card_no TEXT NOT NULL, at INTEGER NOT NULL, month TEXT NOT NULL,
      kind TEXT NOT NULL, title TEXT NOT NULL, amount_fen INTEGER NOT NULL,
      balance_delta INTEGER NOT NULL, pending_delta INTEGER NOT NULL,
      balance_after INTEGER NOT NULL, pending_after INTEGER NOT NULL,
      serial_no TEXT, channel TEXT, place TEXT, UNIQUE (channel, serial_no));
    CREATE INDEX IF NOT EXISTS _card_ledger_month ON _card_ledger (card_no, month);
    CREATE TABLE IF NOT EXISTS _card_nonces (nonce TEXT PRIMARY KEY, at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS _card_settings (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)`)
}

const toAccount = (r: any): AccountRow => ({
  cardNo: r.card_no,
  name: r.name,
  kind: r.kind,
  status: r.status,
  balanceFen: r.balance_fen,
  pendingFen: r.pending_fen,
  queryPassword: r.query_password,
  cardPassword: r.card_password,
  lostAt: r.lost_at ?? null,
})

const toLine = (r: any): LedgerLine => ({
  id: r.id,
  cardNo: r.card_no,
  at: r.at,
  month: r.month,
  kind: r.kind,
  title: r.title,
  amountFen: r.amount_fen,
  balanceDeltaFen: r.balance_delta,
  pendingDeltaFen: r.pending_delta,
  balanceAfterFen: r.balance_after,
  pendingAfterFen: r.pending_after,
  serialNo: r.serial_no ?? null,
  channel: r.channel ?? null,
  place: r.place ?? null,
})

export function getAccount(emu: EmulatorContext, cardNo: string): AccountRow | undefined {
  const r = emu.sqlite.prepare('SELECT * FROM _card_accounts WHERE card_no = ?').get(cardNo)
  return r ? toAccount(r) : undefined
}

export function listAccounts(emu: EmulatorContext): AccountRow[] {
  return emu.sqlite.prepare('SELECT * FROM _card_accounts ORDER BY kind, card_no').all().map(toAccount)
}

export function ledgerOf(emu: EmulatorContext, cardNo: string, month?: string): LedgerLine[] {
  const rows = month
    ? emu.sqlite.prepare('SELECT * FROM _card_ledger WHERE card_no = ? AND month = ? ORDER BY id').all(cardNo, month)
    : emu.sqlite.prepare('SELECT * FROM _card_ledger WHERE card_no = ? ORDER BY id').all(cardNo)
  return rows.map(toLine)
}

export function lineBySerial(emu: EmulatorContext, channel: string, serialNo: string): LedgerLine | undefined {
  const r = emu.sqlite.prepare('SELECT * FROM _card_ledger WHERE channel = ? AND serial_no = ?').get(channel, serialNo)
  return r ? toLine(r) : undefined
}

/** A channel's transfers on one Shanghai day (YYYY-MM-DD), oldest first: the platform's side of reconciliation. */
export function transfersOnDay(emu: EmulatorContext, channel: string, date: string): LedgerLine[] {
  const day = shanghai(`${date}T00:00:00+08:00`).valueOf()
  return emu.sqlite
    .prepare("SELECT * FROM _card_ledger WHERE kind = 'transfer' AND channel = ? AND at >= ? AND at < ? ORDER BY id")
    .all(channel, day, day + DAY)
    .map(toLine)
}

/** Fen moved onto an account by transfer on the Shanghai day of `at`. */
export function transferredOnDay(emu: EmulatorContext, cardNo: string, at: number): number {
  const day = shanghai(at).startOf('day').valueOf()
  const r = emu.sqlite
    .prepare("SELECT COALESCE(SUM(amount_fen), 0) AS s FROM _card_ledger WHERE card_no = ? AND kind = 'transfer' AND at >= ? AND at < ?")
    .get(cardNo, day, day + DAY) as { s: number }
  return r.s
}

/**
 * Writes one line and moves the account by its deltas, in one transaction;
 * answers the line. Refuses (throws) a move that would make balance or
 * pending negative: callers check first, this is the last guard.
 */
export function post(
  emu: EmulatorContext,
  line: { cardNo: string; at: number; kind: LedgerKind; title: string; balanceDeltaFen: number; pendingDeltaFen: number; serialNo?: string | null; channel?: string | null; place?: string | null },
): LedgerLine {
  const run = emu.sqlite.transaction(() => {
    const acc = getAccount(emu, line.cardNo)
    if (!acc) throw new Error(`no card ${line.cardNo}`)
    const balance = acc.balanceFen + line.balanceDeltaFen
    const pending = acc.pendingFen + line.pendingDeltaFen
    if (balance < 0 || pending < 0) throw new Error(`card ${line.cardNo} would go negative`)
    emu.sqlite.prepare('UPDATE _card_accounts SET balance_fen = ?, pending_fen = ? WHERE card_no = ?').run(balance, pending, line.cardNo)
    const info = emu.sqlite
      .prepare(
        `INSERT INTO _card_ledger (card_no, at, month, kind, title, amount_fen, balance_delta, pending_delta, balance_after, pending_after, serial_no, channel, place)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(line.cardNo, line.at, monthOf(line.at), line.kind, line.title, line.balanceDeltaFen + line.pendingDeltaFen, line.balanceDeltaFen, line.pendingDeltaFen, balance, pending, line.serialNo ?? null, line.channel ?? null, line.place ?? null)
    return toLine(emu.sqlite.prepare('SELECT * FROM _card_ledger WHERE id = ?').get(info.lastInsertRowid))
  })
  return run()
}

export function setStatus(emu: EmulatorContext, cardNo: string, status: CardStatus, at: number) {
  emu.sqlite.prepare('UPDATE _card_accounts SET status = ?, lost_at = ? WHERE card_no = ?').run(status, status === 'lost' ? at : null, cardNo)
}

/** balance + pending against the ledger, for one account. */
export function ledgerCheck(emu: EmulatorContext, cardNo: string) {
  const acc = getAccount(emu, cardNo)
  const s = emu.sqlite
    .prepare('SELECT COALESCE(SUM(amount_fen),0) AS amount, COALESCE(SUM(balance_delta),0) AS balance, COALESCE(SUM(pending_delta),0) AS pending FROM _card_ledger WHERE card_no = ?')
    .get(cardNo) as { amount: number; balance: number; pending: number }
  const ok = !!acc && acc.balanceFen === s.balance && acc.pendingFen === s.pending && acc.balanceFen + acc.pendingFen === s.amount
  return { cardNo, ok, balanceFen: acc?.balanceFen ?? null, pendingFen: acc?.pendingFen ?? null, ledgerFen: s.amount, ledgerBalanceFen: s.balance, ledgerPendingFen: s.pending }
}

export function readSettings(emu: EmulatorContext): Settings {
  const r = emu.sqlite.prepare('SELECT json FROM _card_settings WHERE id = 1').get() as { json: string } | undefined
  return { ...DEFAULT_SETTINGS, ...(r ? JSON.parse(r.json) : {}) }
}

export function writeSettings(emu: EmulatorContext, s: Settings) {
  emu.sqlite.prepare('INSERT OR REPLACE INTO _card_settings (id, json) VALUES (1, ?)').run(JSON.stringify(s))
}

/** A nonce seen for the first time (and remembered); false for a replay. Forgets nonces older than `keepMs`. */
export function takeNonce(emu: EmulatorContext, nonce: string, at: number, keepMs: number): boolean {
  emu.sqlite.prepare('DELETE FROM _card_nonces WHERE at < ?').run(at - keepMs)
  return emu.sqlite.prepare('INSERT OR IGNORE INTO _card_nonces (nonce, at) VALUES (?, ?)').run(nonce, at).changes === 1
}

/** Wipes the books and opens the seeded accounts again, dated from `now`. */
export function seed(emu: EmulatorContext, now: number) {
  emu.sqlite.transaction(() => {
    emu.sqlite.exec('DELETE FROM _card_ledger; DELETE FROM _card_accounts; DELETE FROM _card_nonces; DELETE FROM _card_settings')
    const insert = emu.sqlite.prepare(
      'INSERT INTO _card_accounts (card_no, name, kind, status, balance_fen, pending_fen, query_password, card_password, lost_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?, NULL)',
    )
    SEED_ACCOUNTS.forEach((a, i) => {
      insert.run(a.cardNo, a.name, a.kind, 'normal', a.queryPassword, a.cardPassword)
      const spent = a.spends.reduce((s, [, f]) => s + f, 0)
      post(emu, { cardNo: a.cardNo, at: now - 60 * DAY, kind: 'opening', title: '开户存款', balanceDeltaFen: a.balanceFen + spent, pendingDeltaFen: 0 })
      for (const [days, fen, merchant] of [...a.spends].sort((x, y) => y[0] - x[0])) {
        post(emu, { cardNo: a.cardNo, at: now - days * DAY, kind: 'pos', title: `消费(${merchant})`, balanceDeltaFen: -fen, pendingDeltaFen: 0, place: merchant })
      }
      if (a.pendingFen) {
        post(emu, { cardNo: a.cardNo, at: now - 3_600_000, kind: 'transfer', title: '支付宝充值', balanceDeltaFen: 0, pendingDeltaFen: a.pendingFen, serialNo: `SEED${String(i + 1).padStart(4, '0')}`, channel: 'alipay' })
      }
      if (a.status !== 'normal') setStatus(emu, a.cardNo, a.status, now - 10 * DAY)
    })
  })()
}

export function isEmpty(emu: EmulatorContext): boolean {
  return !emu.sqlite.prepare('SELECT 1 FROM _card_accounts LIMIT 1').get()
}
