// H5 only: app.tsx requires this module on H5 builds alone (weapp has native
// toasts, a native navigation bar and no browser back), so neither it nor its
// stylesheet is in the weapp bundle (test/weapp checks). See h5-shell.scss for
// what the styles do.
import { listenForSheetBack } from '../components/sheet/back'
import './h5-shell.scss'

// Back closes an open sheet first; this has to listen before the router does.
listenForSheetBack()

const LABELS: Array<[className: string, label: string]> = [
  ['taro-navigation-bar-back', '返回'],
  ['taro-navigation-bar-home', '返回首页'],
]

/**
 * Taro's H5 navigation bar draws its back and home controls as bare icons:
 * give them a role and a Chinese name (screen readers, tests). Call once the
 * router has mounted, i.e. at app launch.
 */
export function labelNavigationBar() {
  const bar = document.getElementById('taro-navigation-bar')
  if (!bar) return
  for (const [className, label] of LABELS) {
    const control = bar.getElementsByClassName(className)[0]
    control?.setAttribute('role', 'button')
    control?.setAttribute('aria-label', label)
  }
}
