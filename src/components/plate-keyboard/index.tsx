// The plate keyboard: 7 boxes (8 for new energy), a province grid for the
// first box, letters and digits for the rest, the special suffixes (学 警 港 澳
// 挂 领 试 超) on the last box. Any box can be tapped and edited; switching
// new energy on or off keeps what was typed and where the cursor is.
import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import { parsePlate, plateLength, PLATE_DIGITS, PLATE_LETTERS, PROVINCES, SPECIAL_SUFFIXES } from '../../domain/plate'
import './index.scss'

export interface PlateKeyboardProps {
  value: string
  onChange: (value: string) => void
  onConfirm: (plate: string) => void
  visible: boolean
  onClose: () => void
  title?: string
}

const slotsOf = (value: string, energy: boolean) => {
  const chars = [...value]
  return Array.from({ length: plateLength(energy) }, (_, i) => chars[i] ?? '')
}

export function PlateKeyboard({ value, onChange, onConfirm, visible, onClose, title = '请输入车牌号' }: PlateKeyboardProps) {
  const [energy, setEnergy] = useState(() => [...value].length === 8)
  const [slots, setSlots] = useState(() => slotsOf(value, [...value].length === 8))
  const [active, setActive] = useState(0)

  // Opening refills from the value (e.g. editing an existing plate).
  useEffect(() => {
    if (!visible) return
    const isEnergy = [...value].length === 8
    const next = slotsOf(value, isEnergy)
    setEnergy(isEnergy)
    setSlots(next)
    const firstEmpty = next.findIndex((c) => !c)
    setActive(firstEmpty === -1 ? next.length - 1 : firstEmpty)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible])

  const plate = slots.join('')
  const parsed = useMemo(() => parsePlate(plate), [plate])
  const complete = slots.every(Boolean)
  const last = slots.length - 1

  const update = (next: string[]) => {
    setSlots(next)
    onChange(next.join(''))
  }

  const press = (key: string) => {
    const next = [...slots]
    next[active] = key
    update(next)
    setActive(Math.min(active + 1, last))
  }

  const remove = () => {
    const next = [...slots]
    if (next[active]) next[active] = ''
    else if (active > 0) {
      next[active - 1] = ''
      setActive(active - 1)
    }
    update(next)
  }

  const toggleEnergy = () => {
    const on = !energy
    const next = Array.from({ length: plateLength(on) }, (_, i) => slots[i] ?? '')
    // A special suffix cannot stand in a new-energy plate.
    if (on && (SPECIAL_SUFFIXES as readonly string[]).includes(next[6])) next[6] = ''
    setEnergy(on)
    update(next)
    setActive(Math.min(active, next.length - 1))
  }

  if (!visible) return null

  const onProvince = active === 0
  const keyClass = (disabled: boolean) => `plate-keyboard__key${disabled ? ' plate-keyboard__key--disabled' : ''}`
  const reason = complete && !parsed.ok ? parsed.reason : ''

  return (
    <View className='plate-keyboard' data-testid='plate-keyboard'>
      <View className='plate-keyboard__mask' onClick={onClose} />
      <View className='plate-keyboard__sheet'>
        <View className='plate-keyboard__header'>
          <Text className='plate-keyboard__cancel' data-testid='plate-cancel' onClick={onClose}>
            取消
          </Text>
          <Text className='plate-keyboard__title'>{title}</Text>
          <Text
            className={`plate-keyboard__confirm${parsed.ok ? '' : ' plate-keyboard__confirm--disabled'}`}
            data-testid='plate-confirm'
            onClick={() => parsed.ok && onConfirm(parsed.plate)}
          >
            确定
          </Text>
        </View>

        <View className='plate-keyboard__boxes'>
          {slots.map((c, i) => (
            <View
              key={i}
              data-testid={`plate-box-${i}`}
              className={[
                'plate-keyboard__box',
                i === active ? 'plate-keyboard__box--active' : '',
                i === 7 ? 'plate-keyboard__box--energy' : '',
                i === 2 ? 'plate-keyboard__box--gap' : '',
              ].join(' ')}
              onClick={() => setActive(i)}
            >
              {c || (i === 7 ? '新' : '')}
            </View>
          ))}
        </View>
        <View className='plate-keyboard__hint' data-testid='plate-reason'>
          {reason || (energy ? '新能源车牌共 8 位' : '普通车牌共 7 位，特殊车牌末位可选 学/警/港/澳 等')}
        </View>

        <View className='plate-keyboard__keys'>
          {onProvince ? (
            <View className='plate-keyboard__grid'>
              {PROVINCES.map((p) => (
                <View key={p} className='plate-keyboard__key' data-testid={`plate-key-${p}`} onClick={() => press(p)}>
                  {p}
                </View>
              ))}
            </View>
          ) : (
            <View className='plate-keyboard__grid'>
              {PLATE_DIGITS.map((d) => {
                const disabled = active === 1
                return (
                  <View key={d} className={keyClass(disabled)} data-testid={`plate-key-${d}`} onClick={() => !disabled && press(d)}>
                    {d}
                  </View>
                )
              })}
              {PLATE_LETTERS.map((l) => (
                <View key={l} className='plate-keyboard__key' data-testid={`plate-key-${l}`} onClick={() => press(l)}>
                  {l}
                </View>
              ))}
              {!energy &&
                active === last &&
                SPECIAL_SUFFIXES.map((s) => (
                  <View key={s} className='plate-keyboard__key plate-keyboard__key--suffix' data-testid={`plate-key-${s}`} onClick={() => press(s)}>
                    {s}
                  </View>
                ))}
            </View>
          )}
          <View className='plate-keyboard__actions'>
            <View
              className={`plate-keyboard__action${energy ? ' plate-keyboard__action--on' : ''}`}
              data-testid='plate-energy-switch'
              onClick={toggleEnergy}
            >
              {energy ? '新能源 ✓' : '新能源'}
            </View>
            <View className='plate-keyboard__action' data-testid='plate-delete' onClick={remove}>
              删除
            </View>
          </View>
        </View>
      </View>
    </View>
  )
}

export default PlateKeyboard
