// A list the server sends a page at a time, newest first (我的交易记录, 我的预定…):
// read when the page shows and on pull-down (the first page again), the next
// page on reaching the bottom or 加载更多. A failed first read is the page's
// load-failed state; once a list is shown, a failed refresh keeps it and says
// why in a toast. Pages arriving while the list changed keep each item once,
// in `order`.
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { Pending } from './page-state'

export interface Page<T, C> {
  items: T[]
  /** Where the next page starts (null: this was the last). */
  next: C | null
}

export type PagedLoad<T, C> = Pending | { status: 'ready'; items: T[]; next: C | null }

export function usePagedList<T, C>(opts: {
  /** Reads the page starting at `cursor` (undefined: the first). Called with `{silent: true}` semantics: the hook shows the errors. */
  read: (cursor?: C) => Promise<Page<T, C>>
  key: (item: T) => string
  order: (a: T, b: T) => number
}) {
  const { read, key, order } = opts
  const [load, setLoad] = useState<PagedLoad<T, C>>({ status: 'loading' })
  const [loadingMore, setLoadingMore] = useState(false)
  /** A list is shown: a failed refresh keeps it. */
  const shown = useRef(false)
  // The latest read/key/order, so the callbacks below stay stable.
  const fns = useRef({ read, key, order })
  fns.current = { read, key, order }

  const refresh = useCallback(async () => {
    try {
      const page = await fns.current.read()
      setLoad({ status: 'ready', items: [...page.items].sort(fns.current.order), next: page.next })
      shown.current = true
    } catch (e) {
      if (shown.current) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
      else setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  const more = async () => {
    if (load.status !== 'ready' || load.next === null || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await fns.current.read(load.next)
      setLoad((l) => {
        if (l.status !== 'ready') return l
        const seen = new Set(l.items.map(fns.current.key))
        return { status: 'ready', items: [...l.items, ...page.items.filter((i) => !seen.has(fns.current.key(i)))].sort(fns.current.order), next: page.next }
      })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setLoadingMore(false)
    }
  }

  /** The load-failed view's 重试: back to loading, then read. */
  const retry = () => {
    setLoad({ status: 'loading' })
    void refresh()
  }

  useDidShow(() => void refresh())
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void more())

  return { load, loadingMore, refresh, more, retry }
}
