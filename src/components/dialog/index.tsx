// A centred modal like wx.showModal, drawn with Views so pages can test it
// and show more than two buttons (温馨提示, prompts of 我的车辆…). Test ids:
// the root gets `testId`; its title and message get the same id with the
// `-dialog` suffix replaced: `notice-dialog` → `notice-title`, `notice-message`.
import { Text, View } from '@tarojs/components'
import './index.scss'

export interface DialogButton {
  text: string
  primary?: boolean
  testId?: string
  onClick: () => void
}

export interface DialogProps {
  visible: boolean
  title: string
  message: string
  buttons: DialogButton[]
  testId?: string
}

export function Dialog({ visible, title, message, buttons, testId = 'dialog' }: DialogProps) {
  if (!visible) return null
  const base = testId.replace(/-dialog$/, '')
  return (
    <View className='dialog' data-testid={testId}>
      <View className='dialog__mask' />
      <View className='dialog__box'>
        <Text className='dialog__title' data-testid={`${base}-title`}>
          {title}
        </Text>
        <Text className='dialog__message' data-testid={`${base}-message`}>
          {message}
        </Text>
        <View className='dialog__buttons'>
          {buttons.map((b) => (
            <Text
              key={b.text}
              className={`dialog__button${b.primary ? ' dialog__button--primary' : ''}`}
              data-testid={b.testId}
              onClick={b.onClick}
            >
              {b.text}
            </Text>
          ))}
        </View>
      </View>
    </View>
  )
}
