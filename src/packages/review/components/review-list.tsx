// ReviewList: a review queue's page body — 加载中, 加载失败/重试 or the empty
// state, then a card per pending item (plate and how long it has waited, the
// page's details, 驳回 and the approving button), and the 驳回 reason sheet.
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { formatPlate } from '../../../domain/plate'
import { formatWaited } from '../../../domain/time'
import { Button } from '../../../ui/nutui'
import { StateView } from '../../../ui/state-view'
import { ReasonSheet, type ReasonSheetIds } from './reason-sheet'
import type { ReviewQueue } from './use-review-queue'
import './review-card.scss'

interface Pending {
  id: string
  plate: string
  waitedMinutes: number
}

export function ReviewList<T extends Pending>(props: {
  queue: ReviewQueue<T>
  /** The queue's name, in the test ids `<name>-error` and `<name>-empty`. */
  name: string
  /** Test ids of each card, its two buttons, and the reason sheet. */
  ids: { item: string; reject: string; approve: string; sheet?: ReasonSheetIds }
  empty: { title: string; description: string }
  /** The card's lines between its head and its buttons. */
  details: (item: T) => ReactNode
  /** 驳回: the button, the sheet (驳回 <plate> 的<what>) and what confirming it calls and toasts. */
  reject: { text: string; what: string; presets: readonly string[]; run: (item: T, reason: string) => Promise<unknown>; done: string }
  /** The approving button. */
  approve: { text: string; onClick: (item: T) => void }
}) {
  const { queue, name, ids, empty, details, reject, approve } = props
  const { items, busy, decide, rejecting, setRejecting } = queue
  return (
    <>
      <QueueStatus queue={queue} name={name} empty={empty} />
      {items?.map((a) => (
        <View key={a.id} className='review-card' data-testid={ids.item}>
          <View className='review-card__head'>
            <Text className='review-card__plate'>{formatPlate(a.plate)}</Text>
            <Text className='review-card__waited'>已等待 {formatWaited(a.waitedMinutes)}</Text>
          </View>
          {details(a)}
          <View className='review-card__ops'>
            <Button size='small' fill='outline' type='danger' disabled={busy} onClick={() => setRejecting(a)} data-testid={ids.reject}>
              {reject.text}
            </Button>
            <Button size='small' type='primary' disabled={busy} onClick={() => approve.onClick(a)} data-testid={ids.approve}>
              {approve.text}
            </Button>
          </View>
        </View>
      ))}

      {rejecting && (
        <ReasonSheet
          title={`驳回 ${formatPlate(rejecting.plate)} 的${reject.what}`}
          presets={reject.presets}
          busy={busy}
          onClose={() => setRejecting(null)}
          onConfirm={(reason) => void decide(() => reject.run(rejecting, reason), reject.done)}
          ids={ids.sheet}
        />
      )}
    </>
  )
}

/** A queue's 加载中, 加载失败/重试 or empty state (nothing once it has items). */
export function QueueStatus<T>(props: { queue: ReviewQueue<T>; name: string; empty: { title: string; description: string } }) {
  const { queue, name, empty } = props
  const { items, error, reload } = queue
  return (
    <>
      {!items && !error && <Text className='review-loading'>加载中…</Text>}
      {error && (
        <StateView
          kind='network'
          title='加载失败'
          description='请检查网络后重试'
          actions={[{ text: '重试', primary: true, onClick: () => void reload() }]}
          testId={`${name}-error`}
        />
      )}
      {items?.length === 0 && <StateView kind='done' title={empty.title} description={empty.description} testId={`${name}-empty`} />}
    </>
  )
}
