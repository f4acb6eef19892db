// The plate keyboard: 7 boxes (8 for new energy), a province grid (plus 使)
// for the first box, digits and letters for the rest, the special suffixes
// (学 警 港 澳 挂 领 试 超) on the last box of a 7-character plate.
//
// Behaviour worth knowing (each one is a bug seen in other keyboards):
//  - Any box can be tapped and edited; typing moves to the next box.
//  - Switching new energy on or off keeps every typed character and the
//    active box. Switching off hides the 8th character, switching on again
//    brings it back; switching on after a complete 7-character plate moves
//    to the new 8th box.
//  - Opening refills from `value` (its length sets the mode), and so does a
//    `value` the page changes while the keyboard is open (e.g. a history chip).
//  - 删除 clears the active box; on an empty box it clears the one before and
//    moves there (like a backspace).
//  - 确定 is enabled only when parsePlate accepts the plate and no box is
//    left empty in the middle; tapping it otherwise shows the Chinese reason.
//  - It is a Sheet (components/sheet) with its own header: 取消 closes it, as
//    do the mask and, on H5, back.
import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState } from 'react'
import { EMBASSY_PREFIX, parsePlate, plateLength, PLATE_DIGITS, PLATE_LETTERS, PROVINCES, SPECIAL_SUFFIXES } from '../../domain/plate'
import { Sheet } from '../sheet'
import './index.scss'

export interface PlateKeyboardProps {
  value: string
  onChange: (value: string) => void
  onConfirm: (plate: string) => void
  visible: boolean
  onClose: () => void
  title?: string
}

/** Always 8 slots: the 8th stays in memory while new energy is off. */
const SLOTS = 8

const slotsOf = (value: string) => {
  const chars = [...value]
  return Array.from({ length: SLOTS }, (_, i) => chars[i] ?? '')
}

const energyOf = (value: string) => [...value].length === plateLength(true)

const firstEmpty = (slots: string[], length: number) => {
  const i = slots.slice(0, length).findIndex((c) => !c)
  return i === -1 ? length - 1 : i
}

// Letters in phone (QWERTY) order, without I and O; rows of at most 10 keys.
const LETTER_ROWS = ['QWERTYUP', 'ASDFGHJKL', 'ZXCVBNM'].map((row) => [...row].filter((c) => (PLATE_LETTERS as readonly string[]).includes(c)))
const PROVINCE_KEYS = [...PROVINCES, EMBASSY_PREFIX]

export function PlateKeyboard({ value, onChange, onConfirm, visible, onClose, title = '请输入车牌号' }: PlateKeyboardProps) {
  const [energy, setEnergy] = useState(() => energyOf(value))
  const [slots, setSlots] = useState(() => slotsOf(value))
  const [active, setActive] = useState(() => firstEmpty(slotsOf(value), plateLength(energyOf(value))))
  const [tried, setTried] = useState(false)
  /** What the keyboard itself last reported through onChange. */
  const emitted = useRef<string | null>(null)

  const length = plateLength(energy)
  const last = length - 1
  const plate = slots.slice(0, length).join('')

  // Refill on opening, and whenever the page sets a value the keyboard did not type.
  useEffect(() => {
    if (!visible) {
      emitted.current = null
      return
    }
    if (emitted.current !== null && value === emitted.current) return
    if (emitted.current === null || value !== plate) {
      const isEnergy = energyOf(value)
      const next = slotsOf(value)
      setEnergy(isEnergy)
      setSlots(next)
      setActive(firstEmpty(next, plateLength(isEnergy)))
      setTried(false)
      emitted.current = value
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, value])

  const parsed = useMemo(() => parsePlate(plate), [plate])
  const boxesShown = slots.slice(0, length)
  const complete = boxesShown.every(Boolean)
  // A box emptied in the middle (删除 on an edited plate) leaves a hole that the
  // joined text hides: 粤BD_2345 would read as the valid ordinary plate 粤BD2345.
  const hole = boxesShown.findIndex((c) => !c)
  const holeInside = hole >= 0 && boxesShown.slice(hole).some(Boolean)
  const canConfirm = !holeInside && parsed.ok

  const update = (next: string[], isEnergy = energy) => {
    const text = next.slice(0, plateLength(isEnergy)).join('')
    setSlots(next)
    setTried(false)
    emitted.current = text
    onChange(text)
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
    const nextLength = plateLength(on)
    setEnergy(on)
    update(slots, on)
    // Stay where the user is; a finished 7-character plate continues into the 8th box.
    if (on && active === last && slots.slice(0, length).every(Boolean)) setActive(length)
    else setActive(Math.min(active, nextLength - 1))
  }

  const confirm = () => {
    if (canConfirm && parsed.ok) onConfirm(parsed.plate)
    else setTried(true)
  }

  if (!visible) return null

  const embassy = slots[0] === EMBASSY_PREFIX
  // Position 1 is the authority letter, except on a 使 plate (all digits).
  const digitDisabled = active === 1 && !embassy
  const letterDisabled = embassy && active > 0
  const suffixes = !energy && !embassy && active === last
  const reason = holeInside
    ? tried
      ? `第 ${hole + 1} 位未填写`
      : ''
    : (complete || tried) && !parsed.ok
      ? parsed.reason
      : ''

  const key = (k: string, disabled = false, extra = '') => (
    <View
      key={k}
      className={`plate-keyboard__key${extra}${disabled ? ' plate-keyboard__key--disabled' : ''}`}
      data-testid={`plate-key-${k}`}
      data-disabled={disabled ? 'true' : undefined}
      onClick={() => !disabled && press(k)}
    >
      {k}
    </View>
  )

  const hint = energy
    ? '新能源车牌共 8 位，第三位为 D/F 等能源代号'
    : active === 0
      ? '请选择省份简称'
      : '普通车牌共 7 位，特殊车牌末位可选 学/警/港/澳 等'

  const header = (
    <View className='plate-keyboard__header'>
      <Text className='plate-keyboard__cancel' data-testid='plate-cancel' onClick={onClose}>
        取消
      </Text>
      <Text className='plate-keyboard__title'>{title}</Text>
      <Text
        className={`plate-keyboard__confirm${canConfirm ? '' : ' plate-keyboard__confirm--disabled'}`}
        data-testid='plate-confirm'
        data-disabled={canConfirm ? undefined : 'true'}
        onClick={confirm}
      >
        确定
      </Text>
    </View>
  )

  return (
    <Sheet className='plate-keyboard' testId='plate-keyboard' onClose={onClose} header={header}>
      <View className='plate-keyboard__boxes'>
        {slots.slice(0, length).map((c, i) => (
          <View
            key={i}
            data-testid={`plate-box-${i}`}
            className={[
              'plate-keyboard__box',
              i === active ? 'plate-keyboard__box--active' : '',
              i === 7 ? 'plate-keyboard__box--energy' : '',
              i === 2 ? 'plate-keyboard__box--gap' : '',
            ]
              .filter(Boolean)
              .join(' ')}
            onClick={() => setActive(i)}
          >
            {c || (i === 7 ? '新' : '')}
          </View>
        ))}
      </View>
      <View className={`plate-keyboard__hint${reason ? ' plate-keyboard__hint--error' : ''}`} data-testid='plate-reason'>
        {reason || hint}
      </View>

      <View className='plate-keyboard__keys'>
        {active === 0 ? (
          <View className='plate-keyboard__grid' data-testid='plate-provinces'>
            {PROVINCE_KEYS.map((p) => key(p, false, p === EMBASSY_PREFIX ? ' plate-keyboard__key--suffix' : ''))}
          </View>
        ) : (
          <View className='plate-keyboard__grid' data-testid='plate-characters'>
            <View className='plate-keyboard__row'>{PLATE_DIGITS.map((d) => key(d, digitDisabled))}</View>
            {LETTER_ROWS.map((row, i) => (
              <View key={i} className='plate-keyboard__row'>
                {row.map((l) => key(l, letterDisabled))}
              </View>
            ))}
            {suffixes && (
              <View className='plate-keyboard__row'>{SPECIAL_SUFFIXES.map((s) => key(s, false, ' plate-keyboard__key--suffix'))}</View>
            )}
          </View>
        )}
        <View className='plate-keyboard__actions'>
          <View
            className={`plate-keyboard__action${energy ? ' plate-keyboard__action--on' : ''}`}
            data-testid='plate-energy-switch'
            data-on={energy ? 'true' : 'false'}
            onClick={toggleEnergy}
          >
            {energy ? '新能源 ✓' : '新能源'}
          </View>
          <View className='plate-keyboard__action' data-testid='plate-delete' onClick={remove}>
            删除
          </View>
        </View>
      </View>
    </Sheet>
  )
}

export default PlateKeyboard
