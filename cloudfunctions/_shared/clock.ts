// The one clock of the cloud functions. In the cloud it is the system clock;
// under the local emulator, CLOCK_OFFSET_MS (set per invocation) follows the
// emulator's clock, so tests can move time (e.g. to the next day).
export function now(): number {
  const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0)
  return Date.now() + (Number.isFinite(offset) ? offset : 0)
}
