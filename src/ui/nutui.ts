// The NutUI components the app uses. Their stylesheets are in ./styles,
// which app.tsx loads once; add a component's sheet there when adding it here.
export { Cell, CellGroup, Empty, Skeleton, Tag } from '@nutui/nutui-react-taro'
export { Button } from './button' // NutUI's, saying when it ignores taps
