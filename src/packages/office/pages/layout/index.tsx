// 工作台 → 车位地图: pick a lot; its layout's version and floors (spaces per
// floor), and a box to paste a new layout JSON. 载入当前布局 fills the box with
// the current layout, formatted, so the office edits the map rather than
// writing it from scratch. A JSON that does not parse, or a layout refused
// (naming the wrong line: checked on the phone with the server's own
// parseLayout before 导入 asks to confirm, since a layout replaces the lot's
// map whole; the server's refusals, such as floors not the lot's, after it) is
// shown in place under the box. The server numbers versions,
// so the version in the pasted JSON does not matter.
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { Dialog } from '../../../../components/dialog'
import { AppError } from '../../../../domain/errors'
import { parseLayout, type Layout } from '../../../../domain/parking/layout'
import { call } from '../../../../services/call'
import { Button } from '../../../../ui/nutui'
import { PageState, type Pending } from '../../../../ui/page-state'
import { StateView } from '../../../../ui/state-view'
import { LotTabs } from '../../components/lot-tabs'
import { useLots } from '../../components/use-lots'
import '../../components/office.scss'
import './index.scss'

/** The lot's layout, or null when it has none yet (the office may import its first). */
type Load = Pending | { status: 'ready'; layout: Layout | null }

const spacesOf = (floor: Layout['floors'][number]) => floor.spaces.reduce((n, row) => n + row.count, 0)

/** JSON.parse's complaint in Chinese, with the line and column when the engine tells where. */
function parseError(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : ''
  let at = /line (\d+) column (\d+)/.exec(message)?.slice(1, 3).map(Number)
  const position = /position (\d+)/.exec(message)?.[1]
  if (!at && position !== undefined) {
    const before = text.slice(0, Number(position)).split('\n')
    at = [before.length, before.at(-1)!.length + 1]
  }
  return at ? `JSON 格式有误（第 ${at[0]} 行第 ${at[1]} 列附近），请检查括号、逗号和引号` : 'JSON 格式有误，请检查括号、逗号和引号'
}

export default function LayoutImport() {
  const lots = useLots()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  /** The parsed JSON waiting for 确认导入. */
  const [confirming, setConfirming] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<{ version: number; spaces: number } | null>(null)

  const refresh = useCallback(
    async (quiet = false) => {
      if (!lots.lotId) return
      if (!quiet) setLoad({ status: 'loading' })
      try {
        const { layout } = await call('parking', 'layout', { lotId: lots.lotId }, { silent: true })
        setLoad({ status: 'ready', layout })
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') setLoad({ status: 'ready', layout: null })
        else if (quiet) void Taro.showToast({ title: (e as Error).message, icon: 'none' })
        else setLoad({ status: 'error', message: (e as Error).message })
      }
    },
    [lots.lotId],
  )

  useEffect(() => {
    setText('')
    setError('')
    setDone(null)
    void refresh()
  }, [refresh])
  usePullDownRefresh(() => void refresh(true).finally(() => Taro.stopPullDownRefresh()))

  if (lots.load.status !== 'ready') {
    return <PageState className='page office-layout' load={lots.load} rows={4} loadingId='layout-loading' errorId='layout-error' onRetry={() => void lots.reload()} />
  }
  if (!lots.lots.length) {
    return (
      <View className='page office-layout'>
        <StateView kind='empty' title='暂无停车场' description='尚未配置停车场' testId='layout-no-lots' />
      </View>
    )
  }

  const tabs = <LotTabs lots={lots.lots} value={lots.lotId} onChange={lots.setLotId} />
  if (load.status !== 'ready') {
    return (
      <View className='page office-layout'>
        {tabs}
        <PageState load={load} rows={4} loadingId='layout-loading' errorId='layout-error' onRetry={() => void refresh()} />
      </View>
    )
  }
  const current = load.layout

  const edit = (value: string) => {
    setText(value)
    setError('')
    setDone(null)
  }
  const check = () => {
    if (!text.trim()) return setError('请粘贴布局 JSON')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (e) {
      return setError(parseError(text, e))
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return setError('布局应为一个 JSON 对象（{ … }）')
    // The same check the server makes first, so a wrong line is named before asking to confirm; the lot's floors are checked by the server.
    const checked = parseLayout(parsed)
    if (!checked.ok) return setError(checked.errors[0]!)
    setConfirming(parsed)
  }
  const importIt = async (layout: unknown) => {
    setBusy(true)
    try {
      const out = await call('parking', 'importLayout', { lotId: lots.lotId, layout }, { silent: true })
      setDone(out)
      setError('')
      await refresh(true)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setConfirming(null)
      setBusy(false)
    }
  }

  return (
    <View className='page office-layout'>
      {tabs}
      {current ? (
        <View className='card' data-testid='layout-current'>
          <View className='office-row'>
            <Text className='office-title'>当前车位地图</Text>
            <Text className='office-tag office-tag--green' data-testid='layout-version'>
              第 {current.version} 版
            </Text>
          </View>
          <Text className='office-line muted'>
            共 {current.floors.length} 层，{current.floors.reduce((n, f) => n + spacesOf(f), 0)} 个车位
          </Text>
          {current.floors.map((f) => (
            <Text key={f.name} className='office-line' data-testid='layout-floor'>
              · {f.name}：{spacesOf(f)} 个车位
            </Text>
          ))}
        </View>
      ) : (
        <StateView kind='empty' title='暂无车位地图' description='该停车场尚未导入车位地图' testId='layout-empty' />
      )}

      <View className='card' data-testid='layout-form'>
        <Text className='card__section'>导入新布局</Text>
        <Text className='office-line muted'>粘贴布局 JSON（楼层须与本停车场一致）；导入后整体替换当前地图，版本号自动加 1。</Text>
        <View data-testid='layout-json'>
          <Textarea
            className={`office-layout__json${error ? ' office-layout__json--error' : ''}`}
            maxlength={-1}
            placeholder='在此粘贴布局 JSON，或先载入当前布局再修改'
            value={text}
            onInput={(e) => edit(e.detail.value)}
          />
        </View>
        {error && (
          <Text className='office-field__error' data-testid='layout-json-error'>
            {error}
          </Text>
        )}
        {done && (
          <Text className='office-line' data-testid='layout-done'>
            已导入第 {done.version} 版，共 {done.spaces} 个车位
          </Text>
        )}
        <View className='office-ops'>
          {current && (
            <Button size='small' fill='outline' onClick={() => edit(JSON.stringify(current, null, 2))} data-testid='layout-load-current'>
              载入当前布局
            </Button>
          )}
          <Button size='small' type='primary' onClick={check} data-testid='layout-import'>
            导入
          </Button>
        </View>
      </View>

      <Dialog
        visible={confirming !== null}
        title='导入车位地图'
        message={`将用新布局整体替换「${lots.lot?.name ?? ''}」的车位地图${current ? `（当前第 ${current.version} 版）` : ''}，寻车与找车路线随即使用新地图。`}
        testId='layout-confirm-dialog'
        buttons={[
          { text: '取消', onClick: () => setConfirming(null), testId: 'layout-confirm-cancel' },
          { text: busy ? '导入中…' : '确认导入', primary: true, onClick: () => confirming !== null && !busy && void importIt(confirming), testId: 'layout-confirm-ok' },
        ]}
      />
    </View>
  )
}
