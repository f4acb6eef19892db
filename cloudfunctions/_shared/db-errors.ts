// How CloudBase reports a unique-index violation to the SDK.
export function isDuplicateKey(e: unknown): boolean {
  const err = e as { errCode?: number; errMsg?: string; message?: string } | null
  const text = `${err?.errMsg ?? ''} ${err?.message ?? ''}`
  return /duplicate key|E11000/i.test(text)
}
