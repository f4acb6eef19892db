// `npm run dev`: the whole app locally in one process tree — the local
// CloudBase emulator with seeded data (kept in .data/ across restarts;
// `npm run dev -- --reset` wipes and re-seeds), the cloud functions rebuilt
// on change, and the H5 build served by Taro's dev server. Ctrl-C stops all.
import { spawn } from 'node:child_process'
import { buildFunctions, ROOT, watchFunctions } from './lib/functions'
import { startLocalCloud } from './lib/local-cloud'
import { setAppUrl } from '../emulator/console'

const args = new Set(process.argv.slice(2))
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 9999)
const H5_PORT = Number(process.env.H5_PORT ?? 10086)

async function main() {
  await buildFunctions()
  // Timer triggers fire as time passes, as in the cloud (the console's 时钟 can also jump ahead).
  const emu = await startLocalCloud({ port: EMULATOR_PORT, reset: args.has('--reset'), realtimeTriggers: true })
  const stopWatching = await watchFunctions((name) => emu.functions.reload(name))
  setAppUrl(emu, `http://127.0.0.1:${H5_PORT}/`) // the console's 在新标签页打开 links

  const taro = spawn(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5', '--watch'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, EMULATOR_URL: emu.url, H5_PORT: String(H5_PORT), BROWSER: 'none' },
  })
  let announced = false
  taro.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk)
    if (!announced && /Compiled successfully|compiled successfully|编译成功/i.test(chunk.toString())) {
      announced = true
      setTimeout(announce, 300) // after webpack's own stats, so it is the last thing on screen
    }
  })
  const announce = () =>
    console.log(
      [
        '',
        '  校园停车 · 本地运行中',
        `  小程序 H5:   http://127.0.0.1:${H5_PORT}/`,
        `  开发控制台:  ${emu.url}/console   （短信发件箱、支付模拟、数据浏览、身份切换、时钟与定时触发器）`,
        `  HTTP 访问:   ${emu.url}/http/…    （cloudfunctions/http-routes.json 中的路径）`,
        `  本地云开发:  ${emu.url}/admin     （wx-server-sdk 通过 TCB_CONTEXT_CNFG 指向这里）`,
        '  按 Ctrl-C 停止全部服务',
        '',
      ].join('\n'),
    )

  let stopping = false
  const stop = async (code = 0) => {
    if (stopping) return
    stopping = true
    taro.kill('SIGTERM')
    await stopWatching()
    await emu.close()
    process.exit(code)
  }
  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))
  taro.on('exit', (code) => {
    if (!stopping) {
      console.error(`taro exited (${code})`)
      void stop(code ?? 1)
    }
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
