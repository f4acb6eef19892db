// 找车路线 (seed 001 §2.2 steps 1–5): the default plate of 我的车辆 shown at
// the top, and three ways to find a car: 按车牌 (any 3 or more consecutive
// characters of the plate, matches listed as the driver types), 按车位 (the
// start of a space number: B2-1 → B2-101, B2-105…) and 无车牌查询 (cars in the
// lots without a readable plate, with their entry photos, so a driver can
// recognise theirs). Choosing a match opens the 车位指示地图.
//
// Decisions:
// - Typing searches after a short pause (DEBOUNCE_MS), not on every key, and
//   an answer that arrives after a newer query was sent is dropped, so the
//   list never shows the matches of an older fragment.
// - The page shows what the server sends: a plate masked to the typed
//   characters (京A·*234*) stays masked, a photo or a place shows only when
//   the server sent it (the privacy rule lives on the server, usage.ts).
// - A masked match (a car not attached to this account) is confirmed by
//   typing its whole plate: the server then answers with where it stands.
// - The default plate is searched at once (it is the driver's own: the full
//   plate), so the common case needs no typing.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
// Before the ui imports: their stylesheets keep one order in every page (mini-css-extract-plugin).
import { CarMatch, type Found } from '../../components/car-match'
import { PlateChip } from '../../../../components/plate-chip'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { AppError } from '../../../../domain/errors'
import { MIN_FRAGMENT } from '../../../../domain/parking/plate-search'
import { call, type CallOutput } from '../../../../services/call'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import '../../components/tabs.scss'
import './index.scss'

type Vehicle = CallOutput<'vehicle', 'list'>['vehicles'][number]
type SpaceFound = CallOutput<'parking', 'searchSpace'>['spaces'][number]

type Tab = 'plate' | 'space' | 'noPlate'
type Result<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; items: T[] }
  | { status: 'refused'; message: string }
  | { status: 'error'; message: string }

const DEBOUNCE_MS = 300

const isNetwork = (e: unknown) => !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'

export const mapUrl = (p: { lotId: string; space: string | null; stayId?: string | null }) =>
  `/packages/parking/pages/map/index?lotId=${encodeURIComponent(p.lotId)}` +
  (p.space ? `&space=${encodeURIComponent(p.space)}` : '') +
  (p.stayId ? `&stayId=${encodeURIComponent(p.stayId)}` : '')

export default function Find() {
  const [tab, setTab] = useState<Tab>('plate')
  const [vehicle, setVehicle] = useState<Vehicle | null>(null)
  const [text, setText] = useState('')
  const [cars, setCars] = useState<Result<Found>>({ status: 'idle' })
  const [spaces, setSpaces] = useState<Result<SpaceFound>>({ status: 'idle' })
  /** The latest query sent: an older answer arriving later is dropped. */
  const latest = useRef(0)
  const started = useRef(false)
  /** A masked match being confirmed by its whole plate (the plate keyboard is open). */
  const [confirming, setConfirming] = useState<Found | null>(null)
  const [draft, setDraft] = useState('')

  const runCars = async (input: { fragment: string } | { noPlate: true }) => {
    const id = ++latest.current
    setCars({ status: 'loading' })
    try {
      const { cars: items } = await call('parking', 'search', input, { silent: true })
      if (id === latest.current) setCars({ status: 'ready', items })
    } catch (e) {
      if (id === latest.current) setCars({ status: isNetwork(e) ? 'error' : 'refused', message: (e as Error).message })
    }
  }

  const runSpaces = async (prefix: string) => {
    const id = ++latest.current
    setSpaces({ status: 'loading' })
    try {
      const { spaces: items } = await call('parking', 'searchSpace', { prefix }, { silent: true })
      if (id === latest.current) setSpaces({ status: 'ready', items })
    } catch (e) {
      if (id === latest.current) setSpaces({ status: isNetwork(e) ? 'error' : 'refused', message: (e as Error).message })
    }
  }

  const query = (t: Tab, value: string) => {
    const v = value.trim()
    if (t === 'plate') {
      if (Array.from(v).length >= MIN_FRAGMENT) void runCars({ fragment: v })
      else {
        latest.current++
        setCars({ status: 'idle' })
      }
    } else if (t === 'space') {
      if (v) void runSpaces(v)
      else {
        latest.current++
        setSpaces({ status: 'idle' })
      }
    } else void runCars({ noPlate: true })
  }

  // Search as the driver types, once typing pauses.
  useEffect(() => {
    if (tab === 'noPlate' || !started.current) return
    const timer = setTimeout(() => query(tab, text), DEBOUNCE_MS)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, tab])

  useDidShow(() => {
    if (started.current) return
    started.current = true
    // The default plate of 我的车辆, searched at once (seed: 自动关联显示默认车牌).
    void call('vehicle', 'list', {}, { silent: true })
      .then(({ vehicles }) => {
        const preferred = vehicles.find((v) => v.isDefault) ?? null
        setVehicle(preferred)
        if (preferred) setText((t) => t || preferred.plate)
      })
      .catch(() => undefined) // a plate can still be typed
  })

  const switchTab = (next: Tab) => {
    if (next === tab) return
    setTab(next)
    setText(next === 'plate' && vehicle ? vehicle.plate : '')
    if (next === 'noPlate') query('noPlate', '')
  }

  const retry = () => query(tab, text)
  const openCar = (c: Found) => {
    if (c.masked) {
      setDraft('')
      setConfirming(c)
      return
    }
    if (!c.lotId) {
      void Taro.showToast({ title: '暂无该车辆的位置信息', icon: 'none' })
      return
    }
    void Taro.navigateTo({ url: mapUrl({ lotId: c.lotId, space: c.space, stayId: c.stayId }) })
  }

  /** The whole plate typed for a masked match: searched in full, the same stay must come back unmasked. */
  const confirmPlate = async (plate: string) => {
    const chosen = confirming
    setConfirming(null)
    if (!chosen) return
    try {
      const { cars: found } = await call('parking', 'search', { fragment: plate })
      const same = found.find((c) => c.stayId === chosen.stayId && !c.masked)
      if (!same) void Taro.showToast({ title: '车牌与所选车辆不符', icon: 'none' })
      else openCar(same)
    } catch {
      // call() has shown the reason
    }
  }

  const result = tab === 'space' ? spaces : cars
  return (
    <View className='page parking-find'>
      <View className='parking-find__default' data-testid='find-default'>
        <Text className='parking-find__default-label'>默认车辆</Text>
        {vehicle ? <PlateChip plate={vehicle.plate} /> : <Text className='muted'>未设置默认车辆</Text>}
      </View>

      <View className='parking-tabs'>
        {(
          [
            ['plate', '按车牌'],
            ['space', '按车位'],
            ['noPlate', '无车牌查询'],
          ] as const
        ).map(([key, label]) => (
          <Text
            key={key}
            className={`parking-tabs__tab${tab === key ? ' parking-tabs__tab--on' : ''}`}
            data-testid={`find-tab-${key}`}
            onClick={() => switchTab(key)}
          >
            {label}
          </Text>
        ))}
      </View>

      {tab !== 'noPlate' && (
        <View className='parking-find__box'>
          <Input
            className='parking-find__input'
            data-testid='find-input'
            placeholder={tab === 'plate' ? `输入车牌中连续的 ${MIN_FRAGMENT} 位或以上` : '输入车位号，如 B2-1'}
            maxlength={tab === 'plate' ? 10 : 12}
            value={text}
            onInput={(e) => setText(e.detail.value)}
          />
        </View>
      )}
      {tab === 'plate' && result.status === 'idle' && (
        <Text className='parking-find__hint'>输入车牌中连续的 {MIN_FRAGMENT} 位数字或字母，下方将列出匹配的在场车辆。</Text>
      )}
      {tab === 'space' && result.status === 'idle' && <Text className='parking-find__hint'>输入车位号的开头，下方将列出匹配的车位。</Text>}
      {tab === 'noPlate' && <Text className='parking-find__hint'>以下是场内未识别到车牌的车辆，请根据入场照片和时间找到您的车。</Text>}

      {(result.status === 'loading' || result.status === 'error') && (
        <PageState load={result} cards={2} rows={2} cardClass='card' loadingId='find-loading' errorId='find-error' onRetry={retry} />
      )}
      {result.status === 'refused' && <StateView kind='refused' title='无法查询' description={result.message} testId='find-refused' />}
      {result.status === 'ready' && result.items.length === 0 && (
        <StateView
          kind='empty'
          title={tab === 'space' ? '没有匹配的车位' : '没有找到车辆'}
          description={tab === 'plate' ? '请核对车牌，或该车辆当前不在停车场内' : tab === 'space' ? '请核对车位号' : '当前没有未识别车牌的在场车辆'}
          testId='find-empty'
        />
      )}
      {tab !== 'space' && cars.status === 'ready' && cars.items.length > 0 && (
        <View data-testid='find-results'>
          {cars.items.map((c) => (
            <CarMatch key={c.stayId} car={c} onClick={() => openCar(c)} />
          ))}
        </View>
      )}
      {tab === 'space' && spaces.status === 'ready' && spaces.items.length > 0 && (
        <View data-testid='find-results'>
          {spaces.items.map((s) => (
            <View
              key={`${s.lotId}:${s.number}`}
              className='parking-find__match'
              data-testid='find-space-match'
              onClick={() => void Taro.navigateTo({ url: mapUrl({ lotId: s.lotId, space: s.number }) })}
            >
              <View className='parking-find__info'>
                <View className='parking-find__head'>
                  <Text className='parking-find__where'>{s.number}</Text>
                  <Text className='parking-find__row'>{s.occupied ? '有车' : '空闲'}</Text>
                </View>
                <Text className='parking-find__row'>
                  {s.lotName} · {s.floor}
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}

      <PlateKeyboard
        title='请输入完整车牌以确认'
        value={draft}
        onChange={setDraft}
        visible={confirming !== null}
        onClose={() => setConfirming(null)}
        onConfirm={(p) => void confirmPlate(p)}
      />
    </View>
  )
}
