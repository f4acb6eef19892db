// The NutUI components the app uses, each with only its own stylesheet
// (the kit's full stylesheet would cost the main package ~230 KB).
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css'

export { Button, Cell, CellGroup, Empty, Tag } from '@nutui/nutui-react-taro'
