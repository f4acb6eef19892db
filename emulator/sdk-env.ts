// The environment that points the real wx-server-sdk at this emulator
// (FIELD-NOTES §2). Function instances get it at spawn; tests and the bench
// put it in their own process.env to drive the emulator through the SDK.

export interface SdkTarget {
  /** `http://127.0.0.1:PORT` */
  url: string
  envId: string
}

export function sdkEnv(target: SdkTarget, identity: { openid: string; appid?: string; clientIp?: string; invocationId?: string }) {
  const admin = identity.invocationId ? `${target.url}/admin?inv=${identity.invocationId}&` : `${target.url}/admin`
  return {
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: target.envId,
    TENCENTCLOUD_SECRETID: 'emulator-secret-id',
    TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
    TCB_ENV: target.envId,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: admin }),
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
    WX_OPENID: identity.openid,
    WX_APPID: identity.appid ?? DEFAULT_APPID,
    WX_UNIONID: '',
    WX_CLIENTIP: identity.clientIp ?? '127.0.0.1',
  }
}

export const DEFAULT_APPID = 'wx0000000000000000'
