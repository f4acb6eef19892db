export default definePageConfig({ navigationBarTitleText: '预约缴费' })
