export default definePageConfig({ navigationBarTitleText: '车辆申诉审核', enablePullDownRefresh: true })
