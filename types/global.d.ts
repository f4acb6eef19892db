/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | string
    TARO_APP_ID?: string
    /** 预定信息提醒's subscribe-message template id (services/platform/subscribe.ts). */
    TARO_APP_TEMPLATE_RESERVATION?: string
  }
}
