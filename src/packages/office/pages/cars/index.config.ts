export default definePageConfig({ navigationBarTitleText: '场内车辆', enablePullDownRefresh: true })
