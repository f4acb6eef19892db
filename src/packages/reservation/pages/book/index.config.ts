export default definePageConfig({ navigationBarTitleText: '预定车位' })
