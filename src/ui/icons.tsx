// The icons the app uses: NutUI's SVG icons (each one a CSS mask painted in
// currentColor, so it takes the text colour), plus the few NutUI does not
// have, drawn the same way. NutUI renders an <i> by default, which the weapp
// runtime has no template for, so every icon renders as a View instead.
import { View } from '@tarojs/components'
import { configure } from '@nutui/icons-react-taro'
import type { CSSProperties } from 'react'

configure({ tag: View as unknown as 'i' })

export {
  ArrowRight,
  Category,
  Coupon,
  Home,
  HomeF,
  Location,
  NetworkError,
  Order,
  Plus,
  Scan,
  ShieldCheck,
  Success,
  ToPay,
  User,
  UserF,
} from '@nutui/icons-react-taro'

const CAR_SVG64 =
  'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAyNCAyNCI+PHBhdGggZmlsbD0iIzAwMCIgZmlsbC1ydWxlPSJldmVub2RkIiBkPSJNNy42IDRoOC44Yy45IDAgMS43LjYgMS45IDEuNEwxOS44IDEwaC4yYTIgMiAwIDAgMSAyIDJ2NWExIDEgMCAwIDEtMSAxaC0xdjEuNWExLjUgMS41IDAgMCAxLTMgMFYxOEg3djEuNWExLjUgMS41IDAgMCAxLTMgMFYxOEgzYTEgMSAwIDAgMS0xLTF2LTVhMiAyIDAgMCAxIDItMmguMmwxLjUtNC42QzUuOSA0LjYgNi43IDQgNy42IDR6bS0uMSAyLTEuMyA0aDExLjZsLTEuMy00aC05ek02LjUgMTIuNWExLjUgMS41IDAgMSAwIDAgMyAxLjUgMS41IDAgMCAwIDAtM3ptMTEgMGExLjUgMS41IDAgMSAwIDAgMyAxLjUgMS41IDAgMCAwIDAtM3oiLz48L3N2Zz4='

interface MaskIconProps {
  size?: number
  color?: string
  className?: string
}

function maskStyle(svg64: string, { size = 16, color }: MaskIconProps): CSSProperties {
  const mask = `url('${svg64}') 0 0/100% 100% no-repeat`
  return {
    display: 'inline-block',
    width: `${size}px`,
    height: `${size}px`,
    backgroundColor: color || 'currentColor',
    mask,
    WebkitMask: mask,
  }
}

/** A car, side-on (NutUI has none). */
export function Car(props: MaskIconProps) {
  return <View className={props.className} style={maskStyle(CAR_SVG64, props)} />
}
