// Pages: the three tab pages in the main package; one subpackage per domain.
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/mine/index', 'pages/workbench/index'],
  subPackages: [{ root: 'packages/vehicle', pages: ['pages/list/index'] }],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '校园停车',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
})
