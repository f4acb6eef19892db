export default definePageConfig({ navigationBarTitleText: '扫码开闸' })
