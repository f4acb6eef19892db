// 预定车位 (seed 001 §2.3 steps 2–3): the lot (chosen in a sheet, the one
// 车位查询 came from first), the plate — the default vehicle of 我的车辆,
// another of them, or one typed with the plate keyboard —, 预计到场时间 (a
// half-hour slot within the lot's horizon, by the server's clock), 联系电话
// (the verified phone, masked; the server fills it in), 备注 (≤ 50) and
// 预定须知 (the lot's terms). 预定车位 asks on weapp for 预定信息提醒 first
// (a refusal never stops booking), then books: with 预约缴费 on to 预约缴费,
// else to the booked reservation. Every refusal is shown in place in the
// server's words.
import { Input, ScrollView, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { PlateChip } from '../../../../components/plate-chip'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { Sheet } from '../../../../components/sheet'
import '../../components/reservation-card.scss'
import { formatYuan } from '../../../../domain/money'
import { vehicleKindOfPlate, VEHICLE_KIND_LABELS } from '../../../../domain/parking/fee'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { askSubscribe } from '../../../../services/platform/subscribe'
import { ArrowRight } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { serverNow, syncServerClock } from '../../clock'
import { arrivalLabel, arrivalSlots, windowHint } from '../../slots'
import './index.scss'

type Lot = CallOutput<'reservation', 'lots'>['lots'][number]
type Vehicle = CallOutput<'vehicle', 'list'>['vehicles'][number]
type Load = Pending | { status: 'ready'; lots: Lot[] }

const REMARK_MAX = 50

export default function BookPage() {
  const { lotId: askedLot = '' } = useRouter().params
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [lotId, setLotId] = useState('')
  const [vehicles, setVehicles] = useState<Vehicle[]>([])
  /** 我的车辆 has been read (until then a typed plate is not known to be missing from it). */
  const [vehiclesRead, setVehiclesRead] = useState(false)
  const [plate, setPlate] = useState('')
  const [draft, setDraft] = useState('')
  const [keyboard, setKeyboard] = useState(false)
  const [arrivalAt, setArrivalAt] = useState<number | null>(null)
  const [phone, setPhone] = useState<string | null>(null)
  const [remark, setRemark] = useState('')
  const [sheet, setSheet] = useState<'lot' | 'time' | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const read = async () => {
    setLoad({ status: 'loading' })
    try {
      const { lots, now } = await call('reservation', 'lots', {}, { silent: true })
      syncServerClock(now)
      setSlotsFrom(serverNow())
      setLoad({ status: 'ready', lots })
      const open = lots.filter((l) => l.open)
      const first = open.find((l) => l.id === askedLot) ?? open[0]
      if (first) setLotId((id) => id || first.id)
    } catch (e) {
      setLoad({ status: 'error', message: (e as Error).message })
    }
  }

  useEffect(() => {
    void read()
    // The default plate of 我的车辆 (seed: 车牌号为默认车辆的车牌号); without vehicles it is typed.
    call('vehicle', 'list', {}, { silent: true })
      .then(({ vehicles: list }) => {
        setVehicles(list)
        setVehiclesRead(true)
        const preferred = list.find((v) => v.isDefault) ?? list[0]
        if (preferred) setPlate((p) => p || preferred.plate)
      })
      .catch(() => undefined)
    // The verified phone the reservation will carry, if the app knows it.
    call('phone', 'status', {}, { silent: true })
      .then((s) => setPhone(s.masked))
      .catch(() => undefined)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const lot = load.status === 'ready' ? load.lots.find((l) => l.id === lotId) : undefined
  /** When the slots were worked out: again each time the time sheet opens, so a page left open offers no past slot. */
  const [slotsFrom, setSlotsFrom] = useState(() => serverNow())
  const slots = useMemo(() => (lot ? arrivalSlots(slotsFrom, lot.horizonHours) : []), [lot, slotsFrom])
  // The first slot by default, and again when the chosen one is no longer offered (another lot's horizon).
  useEffect(() => {
    if (slots.length && (arrivalAt === null || !slots.some((s) => s.at === arrivalAt))) setArrivalAt(slots[0].at)
  }, [slots, arrivalAt])

  const chooseLot = (l: Lot) => {
    setLotId(l.id)
    setSheet(null)
    setError('')
  }

  const submit = async () => {
    if (busy || !lot) return
    if (!plate) return setError('请选择或输入车牌号')
    if (arrivalAt === null) return setError('请选择预计到场时间')
    setError('')
    setBusy(true)
    try {
      await askSubscribe('reservation')
      const { reservation } = await call(
        'reservation',
        'book',
        { lotId: lot.id, plate, arrivalAt, ...(remark.trim() ? { remark: remark.trim() } : {}) },
        { silent: true },
      )
      const id = encodeURIComponent(reservation.id)
      void Taro.redirectTo({
        url: reservation.status === 'AWAITING_PAYMENT' ? `/packages/reservation/pages/pay/index?id=${id}` : `/packages/reservation/pages/detail/index?id=${id}&booked=1`,
      })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (load.status !== 'ready') {
    return <PageState className='page reservation-book' load={load} cards={2} rows={4} loadingId='book-loading' errorId='book-error-load' onRetry={() => void read()} />
  }
  if (!load.lots.some((l) => l.open)) {
    return (
      <View className='page reservation-book'>
        <StateView kind='empty' title='暂无可预定的停车场' description='停车场开放预定后，可在这里预定车位' testId='book-none' />
      </View>
    )
  }

  const kind = plate ? vehicleKindOfPlate(plate) : 'small'
  const fee = lot?.prepayFen ? lot.prepayFen[kind] : 0
  const now = serverNow()

  return (
    <View className='page reservation-book'>
      <View className='card reservation-book__form'>
        <View className='reservation-book__row' data-testid='book-lot' onClick={() => setSheet('lot')}>
          <Text className='reservation-book__label'>停车场</Text>
          <Text className='reservation-book__value' data-testid='book-lot-name'>
            {lot?.name ?? '请选择停车场'}
          </Text>
          <ArrowRight size={12} />
        </View>
        <View className='reservation-book__row reservation-book__row--plate'>
          <Text className='reservation-book__label'>车牌号</Text>
          <View
            className='reservation-book__value'
            data-testid='book-plate'
            onClick={() => {
              setDraft(plate)
              setKeyboard(true)
            }}
          >
            {plate ? <PlateChip plate={plate} testId='book-plate-value' /> : <Text className='reservation-book__placeholder'>请输入车牌号</Text>}
          </View>
          <Text
            className='reservation-book__link'
            onClick={() => {
              setDraft(plate)
              setKeyboard(true)
            }}
          >
            {plate ? '更换' : '输入'}
          </Text>
        </View>
        {vehicles.some((v) => v.plate !== plate) && (
          <View className='reservation-book__chips' data-testid='book-plate-options'>
            {vehicles.map((v) => (
              <Text
                key={v.id}
                className={`reservation-book__chip${v.plate === plate ? ' reservation-book__chip--on' : ''}`}
                data-testid='book-plate-option'
                onClick={() => {
                  setPlate(v.plate)
                  setError('')
                }}
              >
                {formatPlate(v.plate)}
              </Text>
            ))}
          </View>
        )}
        {vehiclesRead && plate && !vehicles.some((v) => v.plate === plate) && (
          <Text className='reservation-book__note reservation-book__note--warn' data-testid='book-plate-hint'>
            只能为 我的车辆 中的车辆预定，请先在 我的 → 我的车辆 中添加该车辆
          </Text>
        )}
        <View
          className='reservation-book__row'
          data-testid='book-time'
          onClick={() => {
            setSlotsFrom(serverNow())
            setSheet('time')
          }}
        >
          <Text className='reservation-book__label'>预计到场时间</Text>
          <Text className='reservation-book__value' data-testid='book-time-value'>
            {arrivalAt !== null ? arrivalLabel(arrivalAt, now) : '请选择'}
          </Text>
          <ArrowRight size={12} />
        </View>
        {lot && arrivalAt !== null && (
          <Text className='reservation-book__note' data-testid='book-window'>
            请在 {windowHint(arrivalAt, lot.windowBeforeMinutes, lot.windowAfterMinutes, now)} 入场
          </Text>
        )}
        <View className='reservation-book__row'>
          <Text className='reservation-book__label'>联系电话</Text>
          <Text className={`reservation-book__value${phone ? '' : ' reservation-book__placeholder'}`} data-testid='book-phone'>
            {phone ?? '未验证手机号'}
          </Text>
        </View>
        <View className='reservation-book__row reservation-book__row--remark'>
          <Text className='reservation-book__label'>备注</Text>
          <Input
            className='reservation-book__input'
            data-testid='book-remark'
            placeholder='选填，不超过 50 字'
            maxlength={REMARK_MAX}
            value={remark}
            onInput={(e) => setRemark(e.detail.value)}
          />
          <Text className='reservation-book__counter'>
            {[...remark].length}/{REMARK_MAX}
          </Text>
        </View>
        {lot?.prepayFen && (
          <View className='reservation-book__row'>
            <Text className='reservation-book__label'>预约费</Text>
            <Text className='reservation-book__value reservation-book__fee' data-testid='book-fee'>
              ¥{formatYuan(fee)}（{VEHICLE_KIND_LABELS[kind]}，可在支付时更改车辆类型）
            </Text>
          </View>
        )}
      </View>

      {lot && (
        <View className='card reservation-book__terms' data-testid='book-terms'>
          <Text className='card__section'>预定须知</Text>
          {lot.terms.map((t, i) => (
            <Text key={i} className='reservation-book__term'>
              {i + 1}. {t}
            </Text>
          ))}
        </View>
      )}

      {error && (
        <Text className='reservation-book__error' data-testid='book-error'>
          {error}
        </Text>
      )}

      <View className='reservation-bar'>
        <Button type='primary' className='reservation-bar__button' disabled={busy || !lot} loading={busy} onClick={() => void submit()} data-testid='book-submit'>
          预定车位
        </Button>
      </View>

      {sheet === 'lot' && (
        <Sheet title='选择停车场' testId='lot-sheet' onClose={() => setSheet(null)}>
          {load.lots.map((l) => (
            <View
              key={l.id}
              className={`reservation-book__option${l.id === lotId ? ' reservation-book__option--on' : ''}${l.open ? '' : ' reservation-book__option--off'}`}
              data-testid='lot-option'
              onClick={() => l.open && chooseLot(l)}
            >
              <Text>{l.name}</Text>
              <Text className='reservation-book__option-note'>{l.open ? `剩余 ${l.free} · 可预定 ${l.quotaLeft}` : '暂未开放预定'}</Text>
            </View>
          ))}
        </Sheet>
      )}
      {sheet === 'time' && (
        <Sheet title='预计到场时间' testId='time-sheet' onClose={() => setSheet(null)}>
          <ScrollView scrollY className='reservation-book__slots'>
            {slots.map((s) => (
              <View
                key={s.at}
                className={`reservation-book__option${s.at === arrivalAt ? ' reservation-book__option--on' : ''}`}
                data-testid='time-option'
                onClick={() => {
                  setArrivalAt(s.at)
                  setSheet(null)
                  setError('')
                }}
              >
                <Text>{s.label}</Text>
              </View>
            ))}
          </ScrollView>
        </Sheet>
      )}

      <PlateKeyboard
        value={draft}
        onChange={setDraft}
        visible={keyboard}
        onClose={() => setKeyboard(false)}
        onConfirm={(p) => {
          setKeyboard(false)
          setPlate(p)
          setError('')
        }}
      />
    </View>
  )
}
