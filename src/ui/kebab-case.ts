// Stands in for `lodash.kebabcase` in the weapp build (config/index.ts aliases
// it here). NutUI's ConfigProvider imports it to turn theme keys into CSS
// variable names (nutuiColorPrimary → nutui-color-primary), and every Cell
// pulls ConfigProvider in. lodash.kebabcase finds its global object with
// `Function('return this')()`, which the mini program runtime does not allow;
// this is the same conversion for the ASCII keys NutUI passes.
export default function kebabCase(input: unknown): string {
  return String(input ?? '')
    .replace(/([a-z\d])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/([a-zA-Z])(\d)/g, '$1-$2')
    .replace(/(\d)([a-zA-Z])/g, '$1-$2')
    .split(/[^a-zA-Z\d]+/)
    .filter(Boolean)
    .join('-')
    .toLowerCase()
}
