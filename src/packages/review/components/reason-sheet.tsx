// The review pages' 驳回 sheet, on the app's one Sheet (components/sheet):
// tap a preset reason or write one, then confirm.
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Sheet } from '../../../components/sheet'
import { Button } from '../../../ui/nutui'

/** Test ids of the sheet, its free-text input and its confirm button. */
export interface ReasonSheetIds {
  sheet: string
  input: string
  confirm: string
}

const DEFAULT_IDS: ReasonSheetIds = { sheet: 'reason-sheet', input: 'reason-input', confirm: 'reason-confirm' }

/** The server's bounds for a reason (domain/contracts Reason): 2 to 200 characters, trimmed. */
const MIN_REASON = 2
const MAX_REASON = 200

export function ReasonSheet(props: {
  title: string
  presets: readonly string[]
  placeholder?: string
  confirmText?: string
  busy: boolean
  onClose: () => void
  onConfirm: (reason: string) => void
  ids?: ReasonSheetIds
}) {
  const { title, presets, placeholder = '或填写驳回原因', confirmText = '确认驳回', busy, onClose, onConfirm, ids = DEFAULT_IDS } = props
  const [reason, setReason] = useState('')
  const ready = reason.trim().length >= MIN_REASON
  return (
    <Sheet title={title} testId={ids.sheet} onClose={onClose}>
      <View className='sheet__presets'>
        {presets.map((p) => (
          <Text key={p} className={`sheet__preset${reason === p ? ' sheet__preset--on' : ''}`} onClick={() => setReason(p)}>
            {p}
          </Text>
        ))}
      </View>
      <Input
        className='sheet__input'
        data-testid={ids.input}
        placeholder={placeholder}
        maxlength={MAX_REASON}
        value={reason}
        onInput={(e) => setReason(e.detail.value)}
      />
      <Button type='danger' block disabled={busy || !ready} onClick={() => onConfirm(reason.trim())} data-testid={ids.confirm}>
        {confirmText}
      </Button>
    </Sheet>
  )
}
