// 支付确认中: once WeChat Pay's sheet has closed, a page reads its record (the
// parking order, the reservation, the card top-up) until WeChat Pay's notice
// has moved it — never assuming the payment from the sheet. Reads back off
// from 400 ms to 3 s; a failed read is tried again; after CONFIRM_PATIENCE_MS
// the page is told it is slow (it offers 刷新, which starts again with a new
// `key`). Stops when the page closes or `key` changes.
import { useUnload } from '@tarojs/taro'
import { useEffect, useRef } from 'react'

/** How long a page reads a record it paid for before it says the confirmation is slow. */
export const CONFIRM_PATIENCE_MS = 60_000

export function useConfirmation<T>(opts: {
  /** What is being confirmed (null: nothing now); a new key starts over. */
  key: string | null
  read: () => Promise<T>
  /** Whether the record has moved on (the loop ends and `onDone` gets it). */
  done: (value: T) => boolean
  onDone: (value: T) => void
  /** Patience ran out; the last record read, if any. */
  onSlow: (last: T | null) => void
}) {
  // The latest callbacks, so the loop keeps running across renders.
  const fns = useRef(opts)
  fns.current = opts
  const closed = useRef(false)
  useUnload(() => (closed.current = true))

  useEffect(() => {
    if (opts.key === null) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let last: T | null = null
    const since = Date.now()
    const check = async (delay: number) => {
      try {
        const value = await fns.current.read()
        if (stopped || closed.current) return
        last = value
        if (fns.current.done(value)) return fns.current.onDone(value)
      } catch {
        if (stopped) return // a failed read is tried again below
      }
      if (Date.now() - since > CONFIRM_PATIENCE_MS) return fns.current.onSlow(last)
      timer = setTimeout(() => void check(Math.min(delay * 2, 3000)), delay)
    }
    void check(400)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [opts.key])
}
