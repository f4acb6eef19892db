export default definePageConfig({ navigationBarTitleText: '车辆认证' })
