// `npm run build`: the weapp build into dist/ (project.config.json →
// miniprogramRoot) and every cloud function bundled into build/cloudfunctions/
// (→ cloudfunctionRoot). Flags narrow it: --functions, --weapp, --h5.
import { spawnSync } from 'node:child_process'
import { buildFunctions, ROOT } from './lib/functions'

const flags = new Set(process.argv.slice(2))
const all = flags.size === 0

function taro(type: 'weapp' | 'h5') {
  const started = Date.now()
  const r = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', type], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (r.status !== 0) throw new Error(`taro build --type ${type} failed`)
  console.log(`${type} built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

async function main() {
  if (all || flags.has('--functions')) {
    const names = await buildFunctions()
    console.log(`cloud functions built: ${names.join(', ')} → build/cloudfunctions/`)
  }
  if (all || flags.has('--weapp')) taro('weapp')
  if (flags.has('--h5')) taro('h5')
}

main().catch((err) => {
  console.error(err.message ?? err)
  process.exit(1)
})
