export default definePageConfig({ navigationBarTitleText: '车证审核', enablePullDownRefresh: true })
