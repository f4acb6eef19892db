export default definePageConfig({ navigationBarTitleText: '校园卡', enablePullDownRefresh: true })
