// The lots the office pages pick from (parking.lots, read once per page) and
// the one picked. Each page shows the lots as tabs (LotTabs) above what it
// shows of the picked lot.
import { useCallback, useEffect, useState } from 'react'
import { call, type CallOutput } from '../../../services/call'
import type { Pending } from '../../../ui/page-state'

export type Lot = CallOutput<'parking', 'lots'>['lots'][number]

export function useLots() {
  const [load, setLoad] = useState<Pending | { status: 'ready'; lots: Lot[] }>({ status: 'loading' })
  const [lotId, setLotId] = useState('')

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    try {
      const { lots } = await call('parking', 'lots', {}, { silent: true })
      setLoad({ status: 'ready', lots })
      setLotId((current) => (lots.some((l) => l.id === current) ? current : (lots[0]?.id ?? '')))
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }, [])

  useEffect(() => void reload(), [reload])

  const lots = load.status === 'ready' ? load.lots : []
  return { load, lots, lot: lots.find((l) => l.id === lotId) ?? null, lotId, setLotId, reload }
}

/** The lot names of `ids`, as far as they are known. */
export const lotNames = (lots: readonly Lot[], ids: readonly string[]) => ids.map((id) => lots.find((l) => l.id === id)?.name ?? id).join('、')
