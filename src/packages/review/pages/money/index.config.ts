export default definePageConfig({ navigationBarTitleText: '支付异常', enablePullDownRefresh: true })
