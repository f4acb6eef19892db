// multipart/form-data as bytes. The SDK sends protobuf in text parts (no
// filename), which a text decoder would corrupt, so every part stays a Buffer.
export function parseMultipart(body: Buffer, contentType: string): Record<string, Buffer> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!m) throw new Error('multipart body without boundary')
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`)
  const parts: Record<string, Buffer> = {}
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    // part = CRLF headers CRLF CRLF content CRLF
    const part = body.subarray(start + delimiter.length + 2, next - 2)
    const split = part.indexOf('\r\n\r\n')
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8')
      const name = /name="([^"]*)"/i.exec(headers)?.[1]
      if (name) parts[name] = Buffer.from(part.subarray(split + 4))
    }
    start = next
  }
  return parts
}
