declare module 'miniprogram-compiler' {
  interface CompilerOptions {
    maxBuffer?: number
    wxmlList?: string[]
    wxssList?: string[]
  }
  export function wxmlToJs(rootPath: string, options?: CompilerOptions): string
}
