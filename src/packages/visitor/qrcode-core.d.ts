// The encoder of `qrcode` (already in the project for the emulator's
// wxacode), without its Node and canvas renderers: the pages only need the
// module matrix.
declare module 'qrcode/lib/core/qrcode' {
  export function create(data: string | Array<{ data: Uint8Array; mode: 'byte' }>, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): {
    modules: { size: number; get(row: number, col: number): number | boolean }
  }
}
