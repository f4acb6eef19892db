export default definePageConfig({ navigationBarTitleText: '我的预定', enablePullDownRefresh: true })
