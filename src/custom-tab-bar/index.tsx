// weapp's custom tab bar (app.config → tabBar.custom, weapp only): the same
// bar H5 draws in each tab page, so 工作台 shows only for staff. See
// components/tab-bar for why H5 does it differently.
import { TabBarView, useCurrentTab } from '../components/tab-bar'

export default function CustomTabBar() {
  const current = useCurrentTab()
  return <TabBarView current={current} />
}
