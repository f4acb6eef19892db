export default definePageConfig({ navigationBarTitleText: '车证办理' })
