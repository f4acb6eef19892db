export default definePageConfig({ navigationBarTitleText: '我的车辆申诉' })
