// useReviewQueue: the state the review queues share — the pending items
// (loaded on each show and on pull-down), and decide(): busy while an
// approval or rejection runs, then a success toast, the reason sheet closed
// and the queue reloaded. ReviewList shows it.
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'

export type ReviewQueue<T> = ReturnType<typeof useReviewQueue<T>>

export function useReviewQueue<T>(fetch: () => Promise<{ items: T[] }>) {
  // null while loading; 'error' if nothing could be loaded (a later failure keeps the list shown).
  const [loaded, setLoaded] = useState<T[] | null | 'error'>(null)
  /** The item whose reason sheet (驳回) is open. */
  const [rejecting, setRejecting] = useState<T | null>(null)
  const [busy, setBusy] = useState(false)

  const reload = async () => {
    try {
      setLoaded((await fetch()).items)
    } catch {
      setLoaded((prev) => (Array.isArray(prev) ? prev : 'error'))
    }
  }
  useDidShow(() => void reload())
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  /** Runs one decision; on success toasts `done` (unless null: `run` said how it went), closes the sheet and reloads. */
  const decide = async (run: () => Promise<unknown>, done: string | null) => {
    setBusy(true)
    try {
      await run()
      if (done) void Taro.showToast({ title: done, icon: 'success' })
      setRejecting(null)
      await reload()
    } catch {
      // shown by call()
    } finally {
      setBusy(false)
    }
  }

  const items = Array.isArray(loaded) ? loaded : null
  return { items, error: loaded === 'error', reload, busy, decide, rejecting, setRejecting }
}
