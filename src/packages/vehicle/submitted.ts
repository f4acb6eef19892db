// 去认证 and 我的车辆申诉 tell 我的车辆 that they submitted, just before
// navigating back, so it shows the matching 温馨提示 once.
import Taro from '@tarojs/taro'

export type Submitted = 'verify' | 'appeal'

const EVENT = 'vehicle:submitted'

/** After a successful submission: tell 我的车辆 (it shows the 温馨提示) and go back to it. */
export function returnSubmitted(kind: Submitted) {
  Taro.eventCenter.trigger(EVENT, kind)
  void Taro.navigateBack()
}

/** Listens until the returned function is called. */
export function onSubmitted(handler: (kind: Submitted) => void): () => void {
  Taro.eventCenter.on(EVENT, handler)
  return () => void Taro.eventCenter.off(EVENT, handler)
}
