export default definePageConfig({ navigationBarTitleText: '车位预定', enablePullDownRefresh: true })
