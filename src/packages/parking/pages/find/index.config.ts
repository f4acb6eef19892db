export default definePageConfig({ navigationBarTitleText: '找车路线' })
