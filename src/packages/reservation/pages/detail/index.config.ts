export default definePageConfig({ navigationBarTitleText: '预定详情' })
