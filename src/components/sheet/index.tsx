// The app's one bottom sheet (the plate keyboard, 车主手机号, the review pages'
// 驳回 and 取消车辆认证): a dimmed mask over the page and a white panel at the
// bottom, styled by the .sheet block in app.scss. Render it only while open.
// It closes by its × (关闭), by a tap on the mask, and on H5 by back, which
// closes the sheet before it leaves the page (./back.ts).
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useSheetBack } from './back'

export interface SheetProps {
  /** The heading, beside the close control. */
  title?: string
  /** The sheet's data-testid; its close control is `${testId}-close` (default `sheet-close`). */
  testId?: string
  /** Extra class names on the sheet (a component's own block). */
  className?: string
  onClose: () => void
  /**
   * A header of the sheet's own instead of the title and ×, for a sheet with
   * a toolbar (the plate keyboard: 取消 · title · 确定). It must offer a close.
   */
  header?: ReactNode
  children: ReactNode
}

export function Sheet({ title, testId, className, onClose, header, children }: SheetProps) {
  useSheetBack(onClose)
  return (
    <View className={`sheet${className ? ` ${className}` : ''}`} data-testid={testId}>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__panel'>
        {header ?? (
          <View className='sheet__header'>
            <Text className='sheet__title'>{title}</Text>
            <View className='sheet__close' aria-label='关闭' data-testid={`${testId ?? 'sheet'}-close`} onClick={onClose}>
              ×
            </View>
          </View>
        )}
        {children}
      </View>
    </View>
  )
}

export default Sheet
