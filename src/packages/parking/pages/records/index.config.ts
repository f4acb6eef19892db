export default definePageConfig({ navigationBarTitleText: '我的交易记录', enablePullDownRefresh: true })
