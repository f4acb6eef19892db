import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { signIn } from './services/session'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void signIn()
  })
  return children
}

export default App
