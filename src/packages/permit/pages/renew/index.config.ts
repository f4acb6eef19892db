export default definePageConfig({ navigationBarTitleText: '车证续费' })
