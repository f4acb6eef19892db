export default definePageConfig({ navigationBarTitleText: '收费规则', enablePullDownRefresh: true })
