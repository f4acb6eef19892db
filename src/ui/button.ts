// NutUI's Button keeps `disabled` and `loading` to itself: the element only
// turns grey and ignores taps, with nothing a screen reader (or a test) can
// read, so a tap on a disabled button is silently lost. This Button also says
// it: role=button and aria-disabled while NutUI would ignore the tap.
import { Button as NutButton } from '@nutui/nutui-react-taro'
import { createElement, forwardRef, type ComponentPropsWithoutRef } from 'react'

type Props = ComponentPropsWithoutRef<typeof NutButton>

export const Button = forwardRef<HTMLButtonElement, Props>(function Button(props, ref) {
  const ignoresTaps = Boolean(props.disabled || props.loading)
  return createElement(NutButton, { role: 'button', 'aria-disabled': ignoresTaps ? 'true' : 'false', ...props, ref } as Props)
})
