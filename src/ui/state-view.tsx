// A page's empty, failed or refused state: NutUI's Empty with our own
// illustration (an icon in a tinted disc) instead of its default pictures,
// which load from a JD CDN — broken offline, and a third-party request.
import { View } from '@tarojs/components'
import type { ComponentProps, ReactNode } from 'react'
import { Car, NetworkError, ShieldCheck, Success } from './icons'
import { Empty } from './nutui'
import './state-view.scss'

// NutUI 3.0.20 types EmptyAction.onClick as returning a function; it only calls it.
type EmptyActions = NonNullable<ComponentProps<typeof Empty>['actions']>

export type StateKind = 'empty' | 'done' | 'network' | 'refused'

export interface StateAction {
  text: string
  onClick: () => void
  primary?: boolean
}

const ART: Record<StateKind, () => ReactNode> = {
  empty: () => <Car size={44} />,
  done: () => <Success size={44} />,
  network: () => <NetworkError size={44} />,
  refused: () => <ShieldCheck size={44} />,
}

export function StateView(props: { kind: StateKind; title: string; description?: string; actions?: StateAction[]; testId?: string }) {
  const { kind, title, description, actions = [], testId } = props
  return (
    <View className='state-view' data-testid={testId}>
      <Empty
        size='small'
        image={<View className={`state-view__art state-view__art--${kind}`}>{ART[kind]()}</View>}
        title={title}
        description={description ?? ''}
        actions={actions.map((a) => ({
          text: a.text,
          type: a.primary ? 'primary' : 'default',
          fill: a.primary ? 'solid' : 'outline',
          size: 'normal',
          disabled: false,
          onClick: a.onClick,
        })) as unknown as EmptyActions}
      />
    </View>
  )
}
