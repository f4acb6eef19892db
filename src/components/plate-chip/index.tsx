// A plate drawn like the real one: white on blue for ordinary plates, black
// on green for new-energy plates (GA 36-2018 colours).
import { Text } from '@tarojs/components'
import { formatPlate, parsePlate } from '../../domain/plate'
import './index.scss'

export function PlateChip({ plate, size = 'normal', testId }: { plate: string; size?: 'normal' | 'large'; testId?: string }) {
  const parsed = parsePlate(plate)
  const energy = parsed.ok && parsed.energy
  return (
    <Text className={`plate-chip plate-chip--${energy ? 'energy' : 'blue'} plate-chip--${size}`} data-testid={testId}>
      {formatPlate(plate)}
    </Text>
  )
}
