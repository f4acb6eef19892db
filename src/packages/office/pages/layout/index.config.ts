export default definePageConfig({ navigationBarTitleText: '车位地图', enablePullDownRefresh: true })
