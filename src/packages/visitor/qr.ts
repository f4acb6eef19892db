// A pass's QR code drawn on the phone: `visitor:<token>` is too long for
// wxacode.getUnlimited's 32-character scene, and a signed token must not
// travel to a third-party QR service, so the matrix is encoded here (qrcode's
// core encoder, no renderer: a few KB in this subpackage only) and drawn as an
// SVG image — the same <Image> on weapp and H5, crisp at any size.
import { create } from 'qrcode/lib/core/qrcode'

export interface QrMatrix {
  size: number
  dark: (row: number, col: number) => boolean
}

/**
 * The module matrix of `text` in byte mode. The bytes are given to the
 * encoder (the text is ASCII: `visitor:` and a base64url token), since its own
 * string path needs TextEncoder, which the mini program runtime may lack.
 */
export function qrMatrix(text: string): QrMatrix {
  const bytes = new Uint8Array(Array.from(text, (ch) => ch.charCodeAt(0) & 0xff))
  const { modules } = create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' })
  return { size: modules.size, dark: (r, c) => Boolean(modules.get(r, c)) }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of an ASCII string (weapp has no btoa). */
export function base64Ascii(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i)
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : NaN
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : NaN
    const n = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]) + (Number.isNaN(c) ? '=' : B64[n & 63])
  }
  return out
}

/** The QR as an SVG data URI: one path of dark modules, a 2-module quiet zone. */
export function qrSvgDataUri(text: string): string {
  const m = qrMatrix(text)
  const margin = 2
  const dim = m.size + margin * 2
  let d = ''
  for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.dark(r, c)) d += `M${c + margin} ${r + margin}h1v1h-1z`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" shape-rendering="crispEdges"><rect width="${dim}" height="${dim}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`
}
