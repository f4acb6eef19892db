export default definePageConfig({ navigationBarTitleText: '卡挂失' })
