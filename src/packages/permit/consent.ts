// The consent tick of 续费, kept for the page's session: a reload (H5) or the
// mini program bringing the page back after it was ended in the background
// (weapp's exit state) shows it as the driver left it; a new visit to the page
// starts unticked, as the consent is given for each application.
import Taro, { useSaveExitState } from '@tarojs/taro'
import { useState } from 'react'

/**
 * H5 only: this visit's tick in sessionStorage, under the history entry's own
 * key — the same after a reload, new for each navigation (the entry the app
 * was opened on has none: its address stands in). Each function starts with
 * the build's constant, so the weapp build keeps none of it.
 */
function visitKey(scope: string): string {
  const entry = (window.history.state as { key?: string } | null)?.key ?? window.location.href
  return `permit-consent:${scope}:${entry}`
}

function readVisit(scope: string): boolean | null {
  if (process.env.TARO_ENV !== 'h5') return null
  return window.sessionStorage.getItem(visitKey(scope)) === '1'
}

function writeVisit(scope: string, agreed: boolean) {
  if (process.env.TARO_ENV !== 'h5') return
  if (agreed) window.sessionStorage.setItem(visitKey(scope), '1')
  else window.sessionStorage.removeItem(visitKey(scope))
}

export function useSessionConsent(scope: string): [boolean, (agreed: boolean) => void] {
  const [agreed, setAgreed] = useState<boolean>(() => readVisit(scope) ?? Taro.getCurrentInstance().router?.exitState?.agreed === true)
  useSaveExitState(() => ({ data: { agreed } }))

  const set = (value: boolean) => {
    setAgreed(value)
    writeVisit(scope, value)
  }
  return [agreed, set]
}
