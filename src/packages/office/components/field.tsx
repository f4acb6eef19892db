// A labelled form row of the office forms, with the schema's reason shown in
// place under it when the value is refused.
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

export function Field(props: { label: string; error?: string; hint?: string; testId?: string; children: ReactNode }) {
  const { label, error, hint, testId, children } = props
  return (
    <View className={`office-field${error ? ' office-field--error' : ''}`} data-testid={testId}>
      <Text className='office-field__label'>{label}</Text>
      <View className='office-field__control'>{children}</View>
      {error ? (
        <Text className='office-field__error' data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </Text>
      ) : (
        hint && <Text className='office-field__hint'>{hint}</Text>
      )}
    </View>
  )
}

/** Choices shown as chips (a segmented control). */
export function Choices<T extends string>(props: { options: ReadonlyArray<{ value: T; label: string }>; value: T; onChange: (v: T) => void; testId?: string }) {
  const { options, value, onChange, testId } = props
  return (
    <View className='office-choices' data-testid={testId}>
      {options.map((o) => (
        <Text key={o.value} className={`office-choices__item${o.value === value ? ' office-choices__item--on' : ''}`} onClick={() => onChange(o.value)}>
          {o.label}
        </Text>
      ))}
    </View>
  )
}
