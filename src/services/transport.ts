// How a call reaches a cloud function, per platform. On weapp it is
// wx.cloud.callFunction; the H5 build has no wx.cloud (FIELD-NOTES §1), so it
// posts to the local emulator's bridge, which runs the same function as the
// tab's person (see tabIdentity) or the dev console's default. Each build
// keeps only its own branch.
import Taro from '@tarojs/taro'

export interface FunctionCall {
  name: string
  data: unknown
}

let cloudReady = false

/** wx.cloud.init, once (app launch calls it; a call before launch would too). No-op on H5. */
export function initCloud() {
  if (process.env.TARO_ENV === 'weapp' && !cloudReady) {
    Taro.cloud.init({ traceUser: true })
    cloudReady = true
  }
}

async function viaCloud({ name, data }: FunctionCall): Promise<unknown> {
  initCloud()
  const res = await Taro.cloud.callFunction({ name, data: data as Record<string, unknown> })
  return res.result
}

// H5 only: which seeded person this browser tab acts as, so two people can use
// the app side by side. `?as=<openid>` on the app URL chooses (the emulator
// refuses anyone not in the dev console's list); the tab keeps the choice in
// sessionStorage across reloads and sends it with every request as the
// x-dev-openid header. A tab that never chose acts as the console's default.
const TAB_IDENTITY_KEY = 'dev-identity'
const IDENTITY_HEADER = 'x-dev-openid'
let tabIdentity: Promise<string | null> | null = null

/** `as` from the URL's query, before the hash (`/?as=…#/pages/…`) or in it (`#/pages/…?as=…`). */
function askedIdentity(): string | null {
  const inHash = location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?')) : ''
  return new URLSearchParams(location.search).get('as') || new URLSearchParams(inHash).get('as') || null
}

async function chooseTabIdentity(): Promise<string | null> {
  const kept = sessionStorage.getItem(TAB_IDENTITY_KEY)
  const asked = askedIdentity()
  if (!asked || asked === kept) return kept
  let refusal = '无法连接本地云开发'
  try {
    const res = await fetch(`/h5/identity?as=${encodeURIComponent(asked)}`)
    if (res.ok) {
      sessionStorage.setItem(TAB_IDENTITY_KEY, asked)
      return asked
    }
    refusal = ((await res.json()) as { message?: string }).message ?? refusal
  } catch {
    // refusal stays: the emulator did not answer
  }
  void Taro.showModal({ title: '无法切换身份', content: `${refusal}。本标签页的身份没有改变。`, showCancel: false })
  return kept
}

/** fetch to the local emulator as this tab's person (H5 only). */
export async function h5Fetch(path: string, init: RequestInit = {}): Promise<Response> {
  tabIdentity ??= chooseTabIdentity()
  const openid = await tabIdentity
  const headers = new Headers(init.headers)
  if (openid) headers.set(IDENTITY_HEADER, openid)
  return fetch(path, { ...init, headers })
}

async function viaEmulator({ name, data }: FunctionCall): Promise<unknown> {
  const res = await h5Fetch('/h5/callFunction', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, data }),
  })
  if (!res.ok) throw new Error(`callFunction ${name}: HTTP ${res.status}`)
  const body = (await res.json()) as { result?: unknown }
  return body.result
}

// Chosen by a constant expression rather than an `if` inside one function:
// the build replaces TARO_ENV, the minifier folds the choice and drops the
// other function. (An early `return` inside an async function does not let it
// drop the code after it: weapp kept the H5 fetch before this.)
export const callFunction: (call: FunctionCall) => Promise<unknown> = process.env.TARO_ENV === 'weapp' ? viaCloud : viaEmulator
