export default definePageConfig({ navigationBarTitleText: '锁车', enablePullDownRefresh: true })
