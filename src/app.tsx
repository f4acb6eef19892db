import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { signIn } from './services/session'
import { initCloud } from './services/transport'
import './ui/styles'
import './app.scss'

// H5 only: what the browser around the pages needs (toasts that never block a
// tap, back closes an open sheet first). A `require` under a constant
// condition, so the weapp build never loads the module or its stylesheet.
if (process.env.TARO_ENV === 'h5') require('./ui/h5-shell')

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
    void signIn()
  })
  return children
}

export default App
