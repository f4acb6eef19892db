// Every NutUI stylesheet the app uses, loaded once by app.tsx so it lands in
// the app stylesheet: one copy, loaded first, and no per-page ordering
// conflicts between the kit's CSS and ours (mini-css-extract "Conflicting
// order"). Only the components' own sheets: the kit's full stylesheet would
// cost the main package ~230 KB.
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css'
import '@nutui/icons-react-taro/dist/style_icon.css'
