// Pages: the three tab pages in the main package; one subpackage per domain.
// weapp gets a native tabBar drawn by src/custom-tab-bar (so 工作台 can be
// hidden from non-staff); H5 gets none, its tab pages draw the bar
// themselves — see components/tab-bar. H5 also asks Taro's router for its
// navigation bar (title, back, home: weapp's bar is native; ui/h5-shell
// styles it), which it draws only for navigationStyle 'default'.
const TAB_BAR = {
  custom: true,
  color: '#86909c',
  selectedColor: '#07c160',
  backgroundColor: '#ffffff',
  borderStyle: 'white' as const,
  list: [
    { pagePath: 'pages/home/index', text: '首页' },
    { pagePath: 'pages/workbench/index', text: '工作台' },
    { pagePath: 'pages/mine/index', text: '我的' },
  ],
}

export default defineAppConfig({
  pages: ['pages/home/index', 'pages/mine/index', 'pages/workbench/index'],
  subPackages: [
    { root: 'packages/vehicle', pages: ['pages/list/index', 'pages/verify/index', 'pages/appeal/index', 'pages/settings/index'] },
    { root: 'packages/permit', pages: ['pages/apply/index', 'pages/renew/index', 'pages/records/index'] },
    { root: 'packages/parking', pages: ['pages/pay/index', 'pages/bill/index', 'pages/scan/index', 'pages/records/index', 'pages/lock/index', 'pages/find/index', 'pages/map/index'] },
    { root: 'packages/reservation', pages: ['pages/index/index', 'pages/book/index', 'pages/pay/index', 'pages/mine/index', 'pages/detail/index'] },
    { root: 'packages/review', pages: ['pages/permits/index', 'pages/verifications/index', 'pages/appeals/index', 'pages/money/index'] },
    { root: 'packages/office', pages: ['pages/rules/index', 'pages/coupons/index', 'pages/issue/index', 'pages/cars/index', 'pages/report/index', 'pages/layout/index', 'pages/reservations/index', 'pages/visitors/index', 'pages/card/index'] },
    { root: 'packages/visitor', pages: ['pages/index/index', 'pages/bind/index', 'pages/form/index', 'pages/detail/index', 'pages/view/index', 'pages/check/index'] },
    { root: 'packages/card', pages: ['pages/index/index', 'pages/topup/index', 'pages/records/index', 'pages/statements/index', 'pages/lost/index'] },
  ],
  ...(process.env.TARO_ENV === 'weapp' ? { tabBar: TAB_BAR } : {}),
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '校园停车',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'default' as const } : {}),
  },
})
