// Subscribe messages (订阅消息): on weapp the driver is asked with
// requestSubscribeMessage before the action whose notice they would get (a
// one-time consent per message). The template ids are chosen in the mini
// program's console; the build reads them from TARO_APP_TEMPLATE_* (a .env
// file or the environment, see config/index.ts), the local fallback is the
// emulator's id. On H5 there is nothing to ask. A refusal, or the dialog
// failing, never stops the action: the notice is then simply not sent.
import Taro from '@tarojs/taro'

export const SUBSCRIBE_TEMPLATES = {
  /** 预定信息提醒 (车位预定). */
  reservation: process.env.TARO_APP_TEMPLATE_RESERVATION || 'tmpl-reservation',
} as const

export type SubscribeTopic = keyof typeof SUBSCRIBE_TEMPLATES

/** Asks for the topic's notice (weapp only); resolves whatever the answer. */
export async function askSubscribe(topic: SubscribeTopic): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  try {
    // The option's device fields (sn, snTicket, modelId) are for IoT devices only.
    await Taro.requestSubscribeMessage({ tmplIds: [SUBSCRIBE_TEMPLATES[topic]] } as Parameters<typeof Taro.requestSubscribeMessage>[0])
  } catch {
    // refused, or not available: book anyway
  }
}
