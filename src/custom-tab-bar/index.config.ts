// WeChat requires custom-tab-bar to be a custom component. apply-shared lets
// the app stylesheet (where the bar's styles and NutUI's land) reach inside
// it; comp is Taro's recursive template component, as every page has it.
export default {
  component: true,
  styleIsolation: 'apply-shared',
  usingComponents: { comp: '../comp' },
}
