export default definePageConfig({ navigationBarTitleText: '访客凭证' })
