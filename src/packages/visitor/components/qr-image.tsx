// The pass's QR code (qr.ts) as an image, with its content on a data
// attribute so a test can read what it encodes.
import { Image } from '@tarojs/components'
import { useMemo } from 'react'
import { qrSvgDataUri } from '../qr'

export function QrImage({ text, size = 200, testId = 'pass-qr' }: { text: string; size?: number; testId?: string }) {
  const src = useMemo(() => qrSvgDataUri(text), [text])
  return <Image className='visitor-qr' src={src} style={{ width: `${size}px`, height: `${size}px` }} data-testid={testId} data-qr={text} />
}
