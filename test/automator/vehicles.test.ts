// The 我的车辆 slice in the real weapp runtime, driven through WeChat DevTools
// with miniprogram-automator. DevTools exists only for Windows and macOS: set
// WECHAT_DEVTOOLS_CLI to its `cli` path (and open the project's cloud env in
// DevTools once) to run this suite; elsewhere it reports itself as skipped.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const cliPath = process.env.WECHAT_DEVTOOLS_CLI
const ROOT = path.resolve(__dirname, '..', '..')

if (!cliPath) console.log('automator: skipped — WECHAT_DEVTOOLS_CLI is not set (WeChat DevTools not installed here)')

describe.skipIf(!cliPath)('我的车辆 in WeChat DevTools', () => {
  let miniProgram: any

  beforeAll(async () => {
    const automator = (await import('miniprogram-automator')).default
    miniProgram = await automator.launch({ cliPath, projectPath: ROOT })
  }, 120_000)

  afterAll(async () => {
    await miniProgram?.close()
  })

  it('When the driver opens 我的车辆 from 我的, then the list page shows', async () => {
    await miniProgram.switchTab('/pages/mine/index')
    const page = await miniProgram.navigateTo('/packages/vehicle/pages/list/index')
    expect(page.path).toBe('packages/vehicle/pages/list/index')
    await page.waitFor(1500)
    const items = await page.$$('.vehicle-list__item')
    const empty = await page.$('.vehicle-list__empty')
    expect(items.length > 0 || empty !== null).toBe(true)
  })
})
