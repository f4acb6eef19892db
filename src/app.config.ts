// Pages: the three tab pages in the main package; one subpackage per domain.
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/mine/index', 'pages/workbench/index'],
  subPackages: [
    { root: 'packages/vehicle', pages: ['pages/list/index'] },
    { root: 'packages/permit', pages: ['pages/apply/index', 'pages/renew/index', 'pages/records/index'] },
    { root: 'packages/review', pages: ['pages/permits/index'] },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '校园停车',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
})
