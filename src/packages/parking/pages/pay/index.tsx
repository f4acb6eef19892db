// 缴费 (seed 001 §2.2 steps 11–13): the default plate filled in, another
// plate keyed in or picked from 我的车辆, 查询 → the car's stays in the lots;
// 无车牌 lists the caller's cars that entered without a plate (扫码入场).
// Typing 3 or more consecutive characters of a plate lists the matching cars
// as the driver types (step 12, the same search as 寻车 按车牌): a car of
// theirs opens its bill; a masked one asks for the whole plate first.
// Tapping a stay opens its bill. Shown again (back from a bill), the list
// is read again, so a paid stay shows 已缴费.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
// Before the ui imports: their stylesheets keep one order in every page (mini-css-extract-plugin).
import { CarMatch, type Found } from '../../components/car-match'
import { StayCard, type Stay } from '../../components/stay-card'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { AppError } from '../../../../domain/errors'
import { MIN_FRAGMENT } from '../../../../domain/parking/plate-search'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import '../../components/tabs.scss'
import './index.scss'

type Vehicle = CallOutput<'vehicle', 'list'>['vehicles'][number]
type Query = { plate: string } | { noPlate: true }
type Result =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; stays: Stay[] }
  | { status: 'refused'; message: string }
  | { status: 'error'; message: string }

const billUrl = (s: Stay) => `/packages/parking/pages/bill/index?stayId=${encodeURIComponent(s.stayId)}`

export default function Pay() {
  const [tab, setTab] = useState<'plate' | 'noPlate'>('plate')
  const [vehicles, setVehicles] = useState<Vehicle[]>([])
  const [plate, setPlate] = useState('')
  const [draft, setDraft] = useState('')
  const [keyboard, setKeyboard] = useState(false)
  const [result, setResult] = useState<Result>({ status: 'idle' })
  /** The query the list shows, read again when the page is shown again. */
  const shown = useRef<Query | null>(null)
  const started = useRef(false)
  /** 模糊查询: the typed fragment and its matches (null: not searched). */
  const [fragment, setFragment] = useState('')
  const [fuzzy, setFuzzy] = useState<Found[] | 'failed' | null>(null)
  const fuzzyId = useRef(0)

  // Search as the driver types, once typing pauses; an older answer arriving late is dropped.
  useEffect(() => {
    const f = fragment.trim()
    const id = ++fuzzyId.current
    if (Array.from(f).length < MIN_FRAGMENT) {
      setFuzzy(null)
      return
    }
    const timer = setTimeout(() => {
      call('parking', 'search', { fragment: f }, { silent: true })
        .then(({ cars }) => id === fuzzyId.current && setFuzzy(cars))
        .catch(() => id === fuzzyId.current && setFuzzy('failed'))
    }, 300)
    return () => clearTimeout(timer)
  }, [fragment])

  const chooseMatch = (c: Found) => {
    if (c.masked) {
      // Not attached to this account: the whole plate is typed to confirm it, then looked up as usual.
      setDraft('')
      setKeyboard(true)
      return
    }
    void Taro.navigateTo({ url: `/packages/parking/pages/bill/index?stayId=${encodeURIComponent(c.stayId)}` })
  }

  const run = async (q: Query, quiet = false) => {
    shown.current = q
    if (!quiet) setResult({ status: 'loading' })
    try {
      const { stays } = await call('parking', 'lookup', q, { silent: true })
      // A later query (the other tab, another plate) has replaced this one.
      if (shown.current === q) setResult({ status: 'ready', stays })
    } catch (e) {
      if (shown.current !== q) return
      const network = !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'
      setResult({ status: network ? 'error' : 'refused', message: (e as Error).message })
    }
  }

  useDidShow(() => {
    if (shown.current) {
      void run(shown.current, true)
      return
    }
    if (started.current) return
    started.current = true
    // The default plate of 我的车辆, looked up at once (seed: 自动关联显示默认车牌).
    void call('vehicle', 'list', {}, { silent: true })
      .then(({ vehicles: list }) => {
        setVehicles(list)
        const preferred = list.find((v) => v.isDefault)?.plate
        if (preferred && !shown.current) {
          setPlate(preferred)
          void run({ plate: preferred })
        }
      })
      .catch(() => undefined) // the plate can still be keyed in
  })

  usePullDownRefresh(() => {
    const q = shown.current
    void (q ? run(q, true) : Promise.resolve()).finally(() => Taro.stopPullDownRefresh())
  })

  const choose = (p: string) => {
    setPlate(p)
    void run({ plate: p })
  }

  const switchTab = (next: 'plate' | 'noPlate') => {
    if (next === tab) return
    setTab(next)
    if (next === 'noPlate') void run({ noPlate: true })
    else if (plate) void run({ plate })
    else {
      shown.current = null
      setResult({ status: 'idle' })
    }
  }

  const search = () => {
    if (!plate) {
      setDraft('')
      setKeyboard(true)
      return
    }
    void run({ plate })
  }

  return (
    <View className='page parking-pay'>
      <View className='parking-tabs'>
        <Text className={`parking-tabs__tab${tab === 'plate' ? ' parking-tabs__tab--on' : ''}`} data-testid='tab-plate' onClick={() => switchTab('plate')}>
          按车牌
        </Text>
        <Text className={`parking-tabs__tab${tab === 'noPlate' ? ' parking-tabs__tab--on' : ''}`} data-testid='tab-no-plate' onClick={() => switchTab('noPlate')}>
          无车牌
        </Text>
      </View>

      {tab === 'plate' ? (
        <View className='card'>
          <View
            className='parking-pay__plate'
            data-testid='pay-plate'
            onClick={() => {
              setDraft(plate)
              setKeyboard(true)
            }}
          >
            <Text className={plate ? 'parking-pay__plate-value' : 'parking-pay__plate-empty'}>{plate ? formatPlate(plate) : '请输入车牌号'}</Text>
            <Text className='parking-pay__plate-change'>{plate ? '更换' : '›'}</Text>
          </View>
          {vehicles.length > 0 && (
            <View className='parking-pay__chips' data-testid='plate-options'>
              {vehicles.map((v) => (
                <Text
                  key={v.id}
                  className={`parking-pay__chip${v.plate === plate ? ' parking-pay__chip--on' : ''}`}
                  data-testid='plate-option'
                  onClick={() => choose(v.plate)}
                >
                  {formatPlate(v.plate)}
                </Text>
              ))}
            </View>
          )}
          <Button type='primary' block disabled={result.status === 'loading'} onClick={search} data-testid='pay-search'>
            查询
          </Button>
          <Input
            className='parking-pay__fragment'
            data-testid='pay-fragment'
            placeholder={`或输入车牌中连续 ${MIN_FRAGMENT} 位模糊查询`}
            maxlength={10}
            value={fragment}
            onInput={(e) => setFragment(e.detail.value)}
          />
        </View>
      ) : (
        <Text className='parking-pay__intro'>无车牌车辆扫描入口二维码入场后，将生成与您微信账号绑定的临时车牌，可在此缴费。</Text>
      )}

      {tab === 'plate' && fuzzy !== null && (
        <View data-testid='pay-fuzzy'>
          {fuzzy === 'failed' ? (
            <Text className='parking-pay__intro'>查询失败，请检查网络后重新输入</Text>
          ) : fuzzy.length === 0 ? (
            <Text className='parking-pay__intro'>没有匹配的在场车辆</Text>
          ) : (
            fuzzy.map((c) => <CarMatch key={c.stayId} car={c} onClick={() => chooseMatch(c)} />)
          )}
        </View>
      )}

      {(result.status === 'loading' || result.status === 'error') && (
        <PageState
          load={result}
          cards={1}
          rows={3}
          cardClass='card'
          loadingId='lookup-loading'
          errorId='lookup-error'
          onRetry={() => shown.current && void run(shown.current)}
        />
      )}
      {result.status === 'refused' && <StateView kind='refused' title='无法查询' description={result.message} testId='lookup-refused' />}
      {result.status === 'ready' && result.stays.length === 0 && (
        <StateView
          kind='empty'
          title='未查询到在场车辆'
          description={tab === 'plate' ? '该车辆当前不在停车场内，或已出场' : '您当前没有无车牌的在场车辆'}
          testId='lookup-empty'
        />
      )}
      {result.status === 'ready' && result.stays.length > 0 && (
        <View className='parking-pay__results' data-testid='lookup-results'>
          {result.stays.map((s) => (
            <StayCard key={s.stayId} stay={s} onClick={() => void Taro.navigateTo({ url: billUrl(s) })} />
          ))}
        </View>
      )}

      <PlateKeyboard
        value={draft}
        onChange={setDraft}
        visible={keyboard}
        onClose={() => setKeyboard(false)}
        onConfirm={(p) => {
          setKeyboard(false)
          choose(p)
        }}
      />
    </View>
  )
}
