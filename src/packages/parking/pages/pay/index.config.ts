export default definePageConfig({ navigationBarTitleText: '缴费', enablePullDownRefresh: true })
