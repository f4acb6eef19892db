// A page's data before it is ready: skeleton cards while loading, or 加载失败 with 重试.
import { View } from '@tarojs/components'
import { Skeleton } from './nutui'
import { StateView } from './state-view'

/** The states of a page's load other than ready. */
export type Pending = { status: 'loading' } | { status: 'error'; message: string }

export function PageState(props: {
  load: Pending
  onRetry: () => void
  loadingId: string
  errorId: string
  /** The page root's class; without it the state renders inline in the page. */
  className?: string
  /** The skeleton: how many cards (of `cardClass`) of how many rows. */
  cards?: number
  rows?: number
  cardClass?: string
}) {
  const { load, onRetry, loadingId, errorId, className, cards = 1, rows = 2, cardClass = 'card' } = props
  const state =
    load.status === 'loading' ? (
      <View data-testid={loadingId}>
        {Array.from({ length: cards }, (_, i) => (
          <View key={i} className={cardClass}>
            <Skeleton rows={rows} animated />
          </View>
        ))}
      </View>
    ) : (
      <StateView kind='network' title='加载失败' description={load.message} actions={[{ text: '重试', primary: true, onClick: onRetry }]} testId={errorId} />
    )
  return className ? <View className={className}>{state}</View> : state
}
