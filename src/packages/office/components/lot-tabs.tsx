// The office pages' lot picker: one tab per lot, the picked one highlighted.
import { Text, View } from '@tarojs/components'
import type { Lot } from './use-lots'

export function LotTabs(props: { lots: readonly Lot[]; value: string; onChange: (lotId: string) => void }) {
  const { lots, value, onChange } = props
  return (
    <View className='office-lots' data-testid='office-lots'>
      {lots.map((l) => (
        <Text
          key={l.id}
          className={`office-lots__item${l.id === value ? ' office-lots__item--on' : ''}`}
          data-testid={`office-lot-${l.id}`}
          onClick={() => onChange(l.id)}
        >
          {l.name}
        </Text>
      ))}
    </View>
  )
}
