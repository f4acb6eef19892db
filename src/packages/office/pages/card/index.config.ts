export default definePageConfig({ navigationBarTitleText: '一卡通对账', enablePullDownRefresh: true })
