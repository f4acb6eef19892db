// The consent tick of 续费, kept for the page's session: a reload (H5) or the
// mini program bringing the page back after it was ended in the background
// (weapp's exit state) shows it as the driver left it; a new visit to the page
// starts unticked, as the consent is given for each application.
import Taro, { useSaveExitState } from '@tarojs/taro'
import { useState } from 'react'

/**
 * H5: a sessionStorage key for this page visit — the history entry's own key,
 * the same after a reload and new for each navigation (the entry the app was
 * opened on has none: its address stands in).
 */
function visitKey(scope: string): string | null {
  if (process.env.TARO_ENV !== 'h5') return null
  const entry = (window.history.state as { key?: string } | null)?.key ?? window.location.href
  return `permit-consent:${scope}:${entry}`
}

export function useSessionConsent(scope: string): [boolean, (agreed: boolean) => void] {
  const [agreed, setAgreed] = useState<boolean>(() => {
    const key = visitKey(scope)
    if (key) return window.sessionStorage.getItem(key) === '1'
    return Taro.getCurrentInstance().router?.exitState?.agreed === true
  })
  useSaveExitState(() => ({ data: { agreed } }))

  const set = (value: boolean) => {
    setAgreed(value)
    const key = visitKey(scope)
    if (!key) return
    if (value) window.sessionStorage.setItem(key, '1')
    else window.sessionStorage.removeItem(key)
  }
  return [agreed, set]
}
