export default definePageConfig({ navigationBarTitleText: '我的车辆', enablePullDownRefresh: true })
