import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { signIn } from './services/session'
import { initCloud } from './services/transport'
import './ui/styles'
import './app.scss'

// H5 only: what the browser around the pages needs (toasts that never block a
// tap, back closes an open sheet first, a navigation bar like weapp's). A
// `require` under a constant condition, so the weapp build never loads the
// module or its stylesheet.
const h5Shell: typeof import('./ui/h5-shell') | null = process.env.TARO_ENV === 'h5' ? require('./ui/h5-shell') : null

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
    h5Shell?.labelNavigationBar()
    void signIn()
  })
  return children
}

export default App
