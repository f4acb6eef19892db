export default definePageConfig({ navigationBarTitleText: '我的车证', enablePullDownRefresh: true })
