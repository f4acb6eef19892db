export default definePageConfig({ navigationBarTitleText: '车辆设置', enablePullDownRefresh: true })
