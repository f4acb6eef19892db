export default definePageConfig({ navigationBarTitleText: '车位查询', enablePullDownRefresh: true })
