// Timer triggers on the emulator clock. Each built function's config.json
// may declare one timer trigger (a 7-field cron in Beijing time); CloudBase
// then invokes the function at every fire time with SCF's timer event
// `{Type: 'Timer', TriggerName, Time, Message}` and no caller (no OPENID),
// and throws the return value away. Here:
// - advanceClock(emu, ms) moves the clock forward, stopping at each fire time
//   on the way to invoke the function (the function sees that time), and
//   returns what fired; tests and the console's 时钟 use it;
// - with `realtimeTriggers` (only `npm run dev` turns it on) a timer fires
//   due triggers as wall time passes;
// - every firing and the function's answer or error is kept in a log.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { sendJson, type EmulatorContext } from '../context'
import { ConfigError, functionConfig, type TimerTrigger } from './config'
import { fireTimesBetween, nextFire } from './cron'

/** SCF's timer event (cloud.tencent.com/document/product/583/31439, "Timer" capitalised as SCF sends it). */
export interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  /** The fire time in UTC, e.g. `2026-01-05T02:00:00Z`. */
  Time: string
  Message: string
}

export interface Firing {
  id: number
  function: string
  trigger: string
  /** The fire time (epoch ms). */
  time: number
  event: TimerEvent
  ok: boolean
  /** What the function returned (CloudBase discards it; kept here for tests and the console). */
  answer?: unknown
  /** Why the invocation failed. */
  error?: string
  source: 'advance' | 'realtime'
}

export interface TriggerInfo {
  function: string
  trigger?: Omit<TimerTrigger, 'cron'>
  /** The next fire time after the emulator's now. */
  next?: number | null
  /** config.json could not be read; the function has no trigger until it is fixed. */
  error?: string
}

/** More fire times than this in one advance is refused rather than run. */
export const MAX_FIRINGS_PER_ADVANCE = 20_000
/** The real-time mode fires what wall time passed, but never catches up more than this. */
const REALTIME_CATCH_UP_MS = 60_000
const REALTIME_TICK_MS = 1_000

interface State {
  /** Runs advances and real-time ticks one at a time. */
  chain: Promise<unknown>
  /** Fire times up to here have been handled (the real-time mode starts after it). */
  handledUpTo: number
  busy: boolean
}

const states = new WeakMap<EmulatorContext, State>()

function state(emu: EmulatorContext): State {
  let s = states.get(emu)
  if (!s) {
    s = { chain: Promise.resolve(), handledUpTo: emu.clock.now(), busy: false }
    states.set(emu, s)
  }
  return s
}

function serialize<T>(emu: EmulatorContext, fn: () => Promise<T>): Promise<T> {
  const s = state(emu)
  const run = s.chain.then(fn, fn)
  s.chain = run.catch(() => undefined)
  return run
}

function tables(emu: EmulatorContext) {
  emu.sqlite.exec(`
    CREATE TABLE IF NOT EXISTS _trigger_firings (id INTEGER PRIMARY KEY AUTOINCREMENT, function TEXT, trigger TEXT,
      time INTEGER, event TEXT, ok INTEGER, answer TEXT, error TEXT, source TEXT, at INTEGER);
  `)
}

/** The built functions in functionsDir (folders with an index.js). */
function builtFunctions(emu: EmulatorContext): string[] {
  const dir = emu.config.functionsDir
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'index.js')))
    .map((d) => d.name)
    .sort()
}

function timerTriggers(emu: EmulatorContext): Array<{ function: string; trigger: TimerTrigger }> {
  const out: Array<{ function: string; trigger: TimerTrigger }> = []
  for (const name of builtFunctions(emu)) {
    try {
      for (const trigger of functionConfig(emu.config.functionsDir, name).triggers) out.push({ function: name, trigger })
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e
      // The build refuses a bad config.json; a hand-edited one is reported by listTriggers.
    }
  }
  return out
}

/** Every function with its trigger (or the reason its config.json is unusable), for the console. */
export function listTriggers(emu: EmulatorContext): TriggerInfo[] {
  const now = emu.clock.now()
  return builtFunctions(emu).flatMap((name): TriggerInfo[] => {
    try {
      return functionConfig(emu.config.functionsDir, name).triggers.map(({ cron, ...trigger }) => ({ function: name, trigger, next: nextFire(cron, now) }))
    } catch (e) {
      if (e instanceof ConfigError) return [{ function: name, error: e.message }]
      throw e
    }
  })
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

async function fire(emu: EmulatorContext, fn: string, trigger: string, time: number, source: Firing['source']): Promise<Firing> {
  const event: TimerEvent = { Type: 'Timer', TriggerName: trigger, Time: isoSeconds(time), Message: '' }
  let ok = false
  let answer: unknown
  let error: string | undefined
  try {
    // A timer invocation has no user: no OPENID, no APPID.
    answer = (await emu.functions.invoke(fn, event, { openid: '', appid: '' })).result
    ok = true
  } catch (e) {
    error = (e as Error).message
  }
  const info = emu.sqlite
    .prepare('INSERT INTO _trigger_firings (function, trigger, time, event, ok, answer, error, source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(fn, trigger, time, JSON.stringify(event), ok ? 1 : 0, ok ? JSON.stringify(answer ?? null) : null, error ?? null, source, Date.now())
  return { id: Number(info.lastInsertRowid), function: fn, trigger, time, event, ok, ...(ok ? { answer } : { error }), source }
}

/** Fire times in (from, to], oldest first; ties in function-name order. */
function dueBetween(emu: EmulatorContext, from: number, to: number, limit: number) {
  const due: Array<{ function: string; trigger: string; time: number }> = []
  for (const { function: fn, trigger } of timerTriggers(emu)) {
    for (const time of fireTimesBetween(trigger.cron, from, to, limit)) due.push({ function: fn, trigger: trigger.name, time })
  }
  return due.sort((a, b) => a.time - b.time || a.function.localeCompare(b.function))
}

/**
 * Moves the emulator clock forward by `ms`, firing every timer trigger that
 * falls due on the way, in time order: for each fire time the clock is set to
 * exactly that time and the function is invoked and awaited. The clock ends at
 * the target. Fire times equal to the starting time are not fired (they were
 * due before); ones equal to the target are.
 */
export async function advanceClock(emu: EmulatorContext, ms: number): Promise<Firing[]> {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError(`推进的时长必须是非负的毫秒数，收到 ${String(ms)}`)
  tables(emu)
  return serialize(emu, async () => {
    const from = emu.clock.now()
    const to = from + ms
    const due = dueBetween(emu, from, to, MAX_FIRINGS_PER_ADVANCE)
    if (due.length > MAX_FIRINGS_PER_ADVANCE) {
      throw new RangeError(`推进 ${ms} 毫秒会触发超过 ${MAX_FIRINGS_PER_ADVANCE} 次定时触发器，请分段推进`)
    }
    const firings: Firing[] = []
    for (const d of due) {
      moveForwardTo(emu, d.time)
      firings.push(await fire(emu, d.function, d.trigger, d.time, 'advance'))
    }
    moveForwardTo(emu, to)
    state(emu).handledUpTo = Math.max(state(emu).handledUpTo, to)
    return firings
  })
}

/** Sets the clock to `time` (never backwards: a running clock may have passed it by a few ms). */
function moveForwardTo(emu: EmulatorContext, time: number) {
  const now = emu.clock.now()
  if (time > now) emu.clock.advance(time - now)
}

/** The firing log, newest first. */
export function triggerFirings(emu: EmulatorContext, limit = 100): Firing[] {
  tables(emu)
  return (emu.sqlite.prepare('SELECT * FROM _trigger_firings ORDER BY id DESC LIMIT ?').all(limit) as any[]).map((r) => ({
    id: r.id,
    function: r.function,
    trigger: r.trigger,
    time: r.time,
    event: JSON.parse(r.event),
    ok: !!r.ok,
    ...(r.ok ? { answer: JSON.parse(r.answer) } : { error: r.error }),
    source: r.source,
  }))
}

/** One real-time step: fires what fell due since the last step (wall time moved the clock). */
async function tick(emu: EmulatorContext) {
  const s = state(emu)
  const now = emu.clock.now()
  // The clock was set back (console, tests): start again from now.
  if (now < s.handledUpTo) s.handledUpTo = now
  const from = Math.max(s.handledUpTo, now - REALTIME_CATCH_UP_MS)
  const due = dueBetween(emu, from, now, MAX_FIRINGS_PER_ADVANCE).slice(0, MAX_FIRINGS_PER_ADVANCE)
  s.handledUpTo = now
  for (const d of due) {
    if (!emu.sqlite.open) return
    await fire(emu, d.function, d.trigger, d.time, 'realtime')
  }
}

function startRealtime(emu: EmulatorContext) {
  const timer = setInterval(() => {
    const s = state(emu)
    if (!emu.sqlite.open) return clearInterval(timer) // the emulator closed
    if (s.busy) return
    s.busy = true
    serialize(emu, () => tick(emu))
      .catch((e) => console.error('[triggers]', e))
      .finally(() => (s.busy = false))
  }, REALTIME_TICK_MS)
  timer.unref()
}

function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8') || '{}')
  } catch {
    return undefined
  }
}

const MAX_CONSOLE_ADVANCE_MS = 366 * 24 * 3600_000

export function registerTriggers(emu: EmulatorContext) {
  tables(emu)
  state(emu)
  if (emu.config.realtimeTriggers) startRealtime(emu)

  const clockState = () => ({
    now: emu.clock.now(),
    realtime: !!emu.config.realtimeTriggers,
    triggers: listTriggers(emu),
    firings: triggerFirings(emu, 50),
  })

  emu.routes.push(
    {
      method: 'GET',
      prefix: '/console/api/clock',
      handler: (_req, res) => sendJson(res, 200, clockState()),
    },
    {
      // { ms }: move the clock forward by ms, firing the timer triggers due on the way.
      method: 'POST',
      prefix: '/console/api/clock',
      handler: async (_req, res, _url, body) => {
        const input = readJson(body)
        if (!input || typeof input !== 'object' || Array.isArray(input)) return sendJson(res, 400, { ok: false, message: '请求格式不正确，应为 JSON 对象 {"ms": 毫秒数}' })
        const ms = (input as { ms?: unknown }).ms
        if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0) return sendJson(res, 400, { ok: false, message: 'ms 必须是正整数（要推进的毫秒数）' })
        if (ms > MAX_CONSOLE_ADVANCE_MS) return sendJson(res, 400, { ok: false, message: '一次最多推进 366 天' })
        try {
          const firings = await advanceClock(emu, ms)
          sendJson(res, 200, { ok: true, ...clockState(), fired: firings })
        } catch (e) {
          if (e instanceof RangeError) return sendJson(res, 400, { ok: false, message: e.message })
          throw e
        }
      },
    },
  )
}
