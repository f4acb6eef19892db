// How long what the lot's devices leave behind is kept, and the sweep job
// (cloudfunctions/sweep) that deletes the rest. Each of these grows with
// traffic and nothing else removes it: a refused request writes a
// `device_log` row whether or not its sender is a registered device (a flood
// of forged requests grows it), every plate read writes a gate event, and
// every lane command stays after it is handed out or expires.
//
// Decisions:
// - By age, one indexed range delete per collection on the field it is
//   written with (`at`, `createdAt`; database/collections.ts has the
//   indexes), run every minute with the other jobs: each run deletes only the
//   minute's worth that came of age, so no run is large once the backlog is gone.
// - device_log 30 days: refusals matter while a device is being installed or
//   fixed, or an attack investigated; a month covers both.
// - gate_events 180 days: the lane's history staff and drivers may ask about
//   (a disputed exit, a 无入场记录 charge) long after; the gate itself reads
//   only the last minutes (JUST_LEFT, the car an exit refused).
// - lane_commands 7 days, whatever their status: a command is handed out only
//   before its `expiresAt` (or LANE_COMMAND_TTL_MS, 10 minutes), so one a week
//   old is history, kept a week for questions about a barrier that opened.
// - Stays, orders and payments are records of money and are not swept.
import { _ } from './cloud'
import { now } from './clock'
import { collection } from './collection'
import { gateEvents, laneCommands } from './parking-records'

/** A request the device function refused (device/index.ts writes it). */
export interface DeviceLogEntry {
  deviceId: string | null
  reason: string
  /** The answer's Chinese message, as the device was told. */
  message: string
  at: number
  path: string
}

export const deviceLog = collection<DeviceLogEntry>('device_log')

const DAY = 86_400_000

/** Days each is kept after it was written. */
export const DEVICE_RETENTION_DAYS = { deviceLog: 30, gateEvents: 180, laneCommands: 7 } as const

/** Deletes what is older than DEVICE_RETENTION_DAYS; returns how many of each. */
export async function sweepDeviceRecords(): Promise<{ deviceLog: number; gateEvents: number; laneCommands: number }> {
  const t = now()
  const before = (days: number) => _.lt(t - days * DAY)
  const [log, events, commands] = await Promise.all([
    deviceLog.remove({ at: before(DEVICE_RETENTION_DAYS.deviceLog) }),
    gateEvents.remove({ at: before(DEVICE_RETENTION_DAYS.gateEvents) }),
    laneCommands.remove({ createdAt: before(DEVICE_RETENTION_DAYS.laneCommands) }),
  ])
  return { deviceLog: log, gateEvents: events, laneCommands: commands }
}
