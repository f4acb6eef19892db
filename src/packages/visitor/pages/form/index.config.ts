export default definePageConfig({ navigationBarTitleText: '预约访客' })
