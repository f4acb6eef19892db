import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { signIn } from './services/session'
import { initCloud } from './services/transport'
import './ui/styles'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud()
    void signIn()
  })
  return children
}

export default App
