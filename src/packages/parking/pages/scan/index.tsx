// 扫码开闸 (seed 001 §2.4): scan the lane's QR (on H5, type the lane code).
// An entry lane shows the lane and the plate to enter with (我的车辆, default
// first; another plate keyed in; or 无牌车, which gets a temporary plate tied
// to this account) → 确认入场 opens the barrier. An exit lane finds the car
// and shows its bill (paying there opens the lane); without one, it says to
// pay by plate under 缴费. Opened from a lane's mini program code, the code
// comes as the page's `code` (or WeChat's `scene`) and no scan is needed.
import { Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { useState } from 'react'
// Before the ui imports: their stylesheets keep one order in every page (mini-css-extract-plugin).
import { StayPlate, type Stay } from '../../components/stay-card'
import { PlateKeyboard } from '../../../../components/plate-keyboard'
import { AppError } from '../../../../domain/errors'
import { formatPlate } from '../../../../domain/plate'
import { call, type CallOutput } from '../../../../services/call'
import { scanCode } from '../../../../services/platform/scan'
import { Scan, Success } from '../../../../ui/icons'
import { Button } from '../../../../ui/nutui'
import { PageState } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import './index.scss'

type Lane = CallOutput<'parking', 'scanLane'>

type Screen =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'refused'; message: string }
  | { kind: 'error'; message: string; code: string }
  | { kind: 'entry'; lane: Lane; code: string }
  | { kind: 'noStay'; lane: Lane }
  | { kind: 'entered'; lane: Lane; stay: Stay }

/** The plate chosen at an entry lane: one of the account's, another keyed in, or none (无牌车). */
type Choice = { plate: string } | { noPlate: true } | null

const PAY_URL = '/packages/parking/pages/pay/index'

export default function ScanLane() {
  const params = useRouter().params
  const [view, setView] = useState<Screen>({ kind: 'idle' })
  const [choice, setChoice] = useState<Choice>(null)
  const [other, setOther] = useState('')
  const [draft, setDraft] = useState('')
  const [keyboard, setKeyboard] = useState(false)
  const [busy, setBusy] = useState(false)

  const resolve = async (code: string) => {
    setView({ kind: 'loading' })
    try {
      const lane = await call('parking', 'scanLane', { code }, { silent: true })
      if (lane.lane.kind === 'exit') {
        if (lane.stay) {
          // The code goes on to the bill: 开闸出场 (nothing to pay) names the lane by it.
          const q = `stayId=${encodeURIComponent(lane.stay.stayId)}&laneId=${encodeURIComponent(lane.lane.id)}&code=${encodeURIComponent(code)}`
          void Taro.redirectTo({ url: `/packages/parking/pages/bill/index?${q}` })
          return
        }
        setView({ kind: 'noStay', lane })
        return
      }
      setChoice(lane.plates.length > 0 ? { plate: lane.plates[0] } : null)
      setOther('')
      setView({ kind: 'entry', lane, code })
    } catch (e) {
      const network = !(e instanceof AppError) || e.code === 'NETWORK' || e.code === 'INTERNAL'
      setView(network ? { kind: 'error', message: (e as Error).message, code } : { kind: 'refused', message: (e as Error).message })
    }
  }

  const scan = async () => {
    try {
      await resolve(await scanCode('请输入车道二维码上的车道码'))
    } catch (e) {
      if (e instanceof AppError && e.code === 'SCAN_CANCELLED') setView({ kind: 'idle' })
      else setView({ kind: 'refused', message: (e as Error).message })
    }
  }

  // Opened from the 扫码开闸 entry the camera opens at once; from a lane's own code, no scan is needed.
  useLoad(() => {
    const given = params.code ?? (params.scene ? decodeURIComponent(params.scene) : '')
    void (given ? resolve(given) : scan())
  })

  const enter = async (lane: Lane, code: string) => {
    if (busy || !choice) return
    setBusy(true)
    try {
      // The lane is named by the code scanned at it (the server refuses lane ids).
      const { stay } = await call('parking', 'enter', { code, plate: 'plate' in choice ? choice.plate : null })
      setView({ kind: 'entered', lane, stay })
    } catch {
      // call() has shown the server's reason (already in a lot, lot full…)
    } finally {
      setBusy(false)
    }
  }

  const done = () => void Taro.reLaunch({ url: '/pages/home/index' })
  const again = [{ text: '重新扫码', primary: true, onClick: () => void scan() }]

  if (view.kind === 'loading' || view.kind === 'error') {
    return (
      <PageState
        className='page parking-scan'
        load={view.kind === 'loading' ? { status: 'loading' } : { status: 'error', message: view.message }}
        rows={3}
        loadingId='lane-loading'
        errorId='lane-error'
        onRetry={() => view.kind === 'error' && void resolve(view.code)}
      />
    )
  }

  if (view.kind === 'refused') {
    return (
      <View className='page parking-scan'>
        <StateView kind='refused' title='无法识别车道' description={view.message} testId='lane-refused' actions={again} />
      </View>
    )
  }

  if (view.kind === 'noStay') {
    return (
      <View className='page parking-scan'>
        <View className='card parking-scan__lane'>
          <Text className='parking-scan__lot'>{view.lane.lotName}</Text>
          <Text className='parking-scan__lane-name'>
            {view.lane.lane.name} · {view.lane.lane.place}
          </Text>
        </View>
        <StateView
          kind='empty'
          title='未找到您的在场车辆'
          description='未在本停车场找到您的在场车辆。如车辆已在场内，请在 缴费 中按车牌查询后缴费'
          testId='exit-no-stay'
          actions={[
            { text: '按车牌缴费', primary: true, onClick: () => void Taro.redirectTo({ url: PAY_URL }) },
            { text: '重新扫码', onClick: () => void scan() },
          ]}
        />
      </View>
    )
  }

  if (view.kind === 'entered') {
    const { stay, lane } = view
    return (
      <View className='page parking-scan'>
        <View className='parking-scan__result' data-testid='gate-opened'>
          <View className='parking-scan__result-icon'>
            <Success size={56} />
          </View>
          <Text className='parking-scan__result-title'>道闸已开启</Text>
          <StayPlate stay={stay} size='large' />
          <Text className='parking-scan__result-text'>
            欢迎光临{lane.lotName}，请在 {lane.lane.name} 驶入
          </Text>
          {stay.plateless && (
            <Text className='parking-scan__result-note' data-testid='temp-plate-note'>
              临时车牌已与您的微信账号绑定。出场时请扫描出口车道二维码，或在 缴费 → 无车牌 中缴费
            </Text>
          )}
          <Button type='primary' block className='parking-scan__result-button' onClick={done} data-testid='gate-done'>
            完成
          </Button>
        </View>
      </View>
    )
  }

  if (view.kind === 'entry') {
    const { lane } = view
    const plates = [...lane.plates, ...(other && !lane.plates.includes(other) ? [other] : [])]
    const isOn = (p: string) => choice !== null && 'plate' in choice && choice.plate === p
    const noPlateOn = choice !== null && 'noPlate' in choice
    return (
      <View className='page parking-scan'>
        <View className='card parking-scan__lane' data-testid='entry-lane'>
          <Text className='parking-scan__lot'>{lane.lotName}</Text>
          <Text className='parking-scan__lane-name' data-testid='lane-name'>
            车道：{lane.lane.name} · {lane.lane.place}
          </Text>
        </View>
        <View className='card'>
          <Text className='card__section'>请选择入场车辆</Text>
          {plates.map((p, i) => (
            <View
              key={p}
              className={`parking-scan__option${isOn(p) ? ' parking-scan__option--on' : ''}`}
              data-testid='entry-plate'
              onClick={() => setChoice({ plate: p })}
            >
              <Text className='parking-scan__radio'>{isOn(p) ? '●' : '○'}</Text>
              <Text className='parking-scan__option-text'>{formatPlate(p)}</Text>
              {i === 0 && lane.plates.length > 0 && <Text className='parking-scan__tag'>默认</Text>}
            </View>
          ))}
          <View
            className='parking-scan__option'
            data-testid='entry-other'
            onClick={() => {
              setDraft(other)
              setKeyboard(true)
            }}
          >
            <Text className='parking-scan__radio'>＋</Text>
            <Text className='parking-scan__option-text'>输入其他车牌</Text>
          </View>
          <View
            className={`parking-scan__option${noPlateOn ? ' parking-scan__option--on' : ''}`}
            data-testid='entry-no-plate'
            onClick={() => setChoice({ noPlate: true })}
          >
            <Text className='parking-scan__radio'>{noPlateOn ? '●' : '○'}</Text>
            <View className='parking-scan__option-body'>
              <Text className='parking-scan__option-text'>无牌车</Text>
              <Text className='parking-scan__option-hint'>车辆没有车牌时选择：将生成与您微信账号绑定的临时车牌，出场时扫描出口二维码缴费</Text>
            </View>
          </View>
        </View>
        <View className='parking-scan__action'>
          <Button type='primary' block disabled={busy || !choice} loading={busy} onClick={() => void enter(lane, view.code)} data-testid='entry-confirm'>
            确认入场
          </Button>
        </View>
        <PlateKeyboard
          value={draft}
          onChange={setDraft}
          visible={keyboard}
          onClose={() => setKeyboard(false)}
          onConfirm={(p) => {
            setKeyboard(false)
            setOther(p)
            setChoice({ plate: p })
          }}
        />
      </View>
    )
  }

  return (
    <View className='page parking-scan'>
      <View className='parking-scan__idle' data-testid='scan-idle'>
        <View className='parking-scan__idle-icon'>
          <Scan size={48} />
        </View>
        <Text className='parking-scan__result-title'>扫码开闸</Text>
        <Text className='parking-scan__result-text'>扫描车道上的二维码：入口扫码入场，出口扫码缴费出场</Text>
        <Button type='primary' block className='parking-scan__result-button' onClick={() => void scan()} data-testid='scan-start'>
          扫一扫
        </Button>
      </View>
    </View>
  )
}
