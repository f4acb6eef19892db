export default definePageConfig({ navigationBarTitleText: '校园停车' })
