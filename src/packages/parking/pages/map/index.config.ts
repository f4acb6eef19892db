export default definePageConfig({ navigationBarTitleText: '车位指示地图' })
