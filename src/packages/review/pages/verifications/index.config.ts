export default definePageConfig({ navigationBarTitleText: '车辆认证审核', enablePullDownRefresh: true })
