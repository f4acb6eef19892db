// The pass's poster (seed 001 §3.2 step 3: 长按图片…分享): the QR, the code
// and the window (with the visitor, host and address) drawn on a canvas and
// turned into an image the host long-presses to save or forward. One drawing
// for both builds (weapp's Canvas 2D and the browser's canvas share the API);
// weapp draws into the page's hidden <Canvas type="2d" id="visitor-poster">
// and exports a temp file, H5 into an offscreen canvas as a PNG data URL.
import Taro from '@tarojs/taro'
import { qrMatrix } from './qr'

export interface PosterData {
  qr: string
  code: string
  name: string
  windowText: string
  hostName: string
  address: string
}

/** The poster's size in CSS pixels. */
export const POSTER = { width: 300, height: 470 }

interface Ctx2D {
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number, maxWidth?: number): void
  measureText(text: string): { width: number }
  scale(x: number, y: number): void
}

const FONT = "'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"

/** Lines of `text` no wider than `width`, at most `max`. */
function wrap(ctx: Ctx2D, text: string, width: number, max: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const ch of Array.from(text)) {
    if (ctx.measureText(line + ch).width > width && line) {
      lines.push(line)
      line = ''
      if (lines.length === max) return lines
    }
    line += ch
  }
  if (line) lines.push(line)
  return lines
}

export function drawPoster(ctx: Ctx2D, d: PosterData) {
  const { width, height } = POSTER
  ctx.fillStyle = '#07c160'
  ctx.fillRect(0, 0, width, height)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(12, 12, width - 24, height - 24)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillStyle = '#1d2129'
  ctx.font = `600 18px ${FONT}`
  ctx.fillText('访客通行凭证', width / 2, 38)
  ctx.font = `14px ${FONT}`
  ctx.fillStyle = '#4e5969'
  ctx.fillText(`${d.name}，${d.hostName}邀请您来访`, width / 2, 62, width - 40)

  const m = qrMatrix(d.qr)
  const box = 180
  const cell = Math.floor(box / m.size)
  const side = cell * m.size
  const left = Math.round((width - side) / 2)
  const top = 80
  ctx.fillStyle = '#000000'
  for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.dark(r, c)) ctx.fillRect(left + c * cell, top + r * cell, cell, cell)

  let y = top + side + 22
  ctx.fillStyle = '#86909c'
  ctx.font = `13px ${FONT}`
  ctx.fillText('验证码', width / 2, y)
  y += 30
  ctx.fillStyle = '#07c160'
  ctx.font = `700 32px ${FONT}`
  ctx.fillText(d.code.split('').join(' '), width / 2, y)
  y += 34
  ctx.fillStyle = '#1d2129'
  ctx.font = `14px ${FONT}`
  ctx.fillText(`来访时间 ${d.windowText}`, width / 2, y, width - 40)
  y += 22
  ctx.fillStyle = '#4e5969'
  ctx.font = `12px ${FONT}`
  for (const line of wrap(ctx, `来访地址 ${d.address}`, width - 48, 2)) {
    ctx.fillText(line, width / 2, y)
    y += 18
  }
  ctx.fillStyle = '#86909c'
  ctx.fillText('到达门岗时出示二维码或验证码', width / 2, Math.max(y + 6, height - 30))
}

/** H5: the poster as a PNG data URL. */
function posterH5(d: PosterData): Promise<string> {
  const canvas = document.createElement('canvas')
  const dpr = 2
  canvas.width = POSTER.width * dpr
  canvas.height = POSTER.height * dpr
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.reject(new Error('无法生成海报'))
  ctx.scale(dpr, dpr)
  drawPoster(ctx as unknown as Ctx2D, d)
  return Promise.resolve(canvas.toDataURL('image/png'))
}

/** weapp: drawn into the page's hidden Canvas 2D, exported as a temp file path. */
function posterWeapp(d: PosterData): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select('#visitor-poster')
      .fields({ node: true, size: true })
      .exec((res) => {
        const canvas = res?.[0]?.node
        if (!canvas) return reject(new Error('无法生成海报'))
        const dpr = Taro.getSystemInfoSync().pixelRatio || 2
        canvas.width = POSTER.width * dpr
        canvas.height = POSTER.height * dpr
        const ctx = canvas.getContext('2d')
        ctx.scale(dpr, dpr)
        drawPoster(ctx, d)
        Taro.canvasToTempFilePath({ canvas, fileType: 'png', success: (r) => resolve(r.tempFilePath), fail: () => reject(new Error('无法生成海报')) })
      })
  })
}

/** The poster image's src. Each build keeps only its own implementation. */
export const makePoster: (d: PosterData) => Promise<string> = process.env.TARO_ENV === 'weapp' ? posterWeapp : posterH5
