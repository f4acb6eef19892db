// Checks of the weapp build in dist/ (npm test builds it first): the pages
// app.json lists exist and are exactly the pages in src/, WXML and WXSS
// compile with WeChat's own wcc/wcsc, nothing the runtime forbids is in the
// JS, and the packages stay within their size budget.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { wxmlToJs } from 'miniprogram-compiler'

const ROOT = path.resolve(__dirname, '..', '..')
const DIST = path.join(ROOT, 'dist')
const KB = 1024
const WCSC = path.join(ROOT, 'node_modules', 'miniprogram-compiler', 'bin', 'linux', 'wcsc')

/** WeChat's WXSS compiler over files (imports resolve among them); its npm wrapper hides failures, so read the exit code and stderr. */
function wcsc(dir: string, wxssFiles: string[]) {
  chmodSync(WCSC, 0o755) // npm does not always keep the binary's exec bit
  const r = spawnSync(WCSC, ['-db', '-pc', '0', ...wxssFiles], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const problem = r.status !== 0 || /ERR|not found/i.test(`${r.stderr}${r.stdout.slice(0, 200)}`)
  return { ok: !problem, message: `${r.error?.message ?? ''}${r.stderr ?? ''}`.trim() }
}
const BUDGET = { main: 600 * KB, subpackage: 500 * KB }

interface AppJson {
  pages: string[]
  subPackages?: Array<{ root: string; pages: string[] }>
  subpackages?: Array<{ root: string; pages: string[] }>
}

const appJson = (): AppJson => JSON.parse(readFileSync(path.join(DIST, 'app.json'), 'utf8'))
const subpackagesOf = (app: AppJson) => app.subPackages ?? app.subpackages ?? []
const allPages = (app: AppJson) => [
  ...app.pages,
  ...subpackagesOf(app).flatMap((s) => s.pages.map((p) => path.posix.join(s.root, p))),
]

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name)
    return d.isDirectory() ? files(full) : [full]
  })
}

/** Page sources: every `*.config.ts` beside a page under src/pages or src/packages. */
function sourcePages(): string[] {
  const src = path.join(ROOT, 'src')
  return files(src)
    .filter((f) => /(^|\/)(pages|packages)\//.test(path.relative(src, f)) && f.endsWith('.config.ts'))
    .map((f) => path.relative(src, f).replace(/\.config\.ts$/, '').split(path.sep).join('/'))
    .filter((p) => !p.startsWith('components/'))
    .sort()
}

describe('weapp build', () => {
  it('When the weapp is built, then dist/ holds app.json', () => {
    expect(existsSync(path.join(DIST, 'app.json')), 'run `npm run build` first').toBe(true)
  })

  it('When app.json lists pages, then each exists in dist/ and they are exactly the pages in src/', () => {
    const app = appJson()
    for (const page of allPages(app)) {
      for (const ext of ['.js', '.json', '.wxml']) {
        expect(existsSync(path.join(DIST, page + ext)), `${page}${ext}`).toBe(true)
      }
    }
    expect([...allPages(app)].sort()).toEqual(sourcePages())
  })

  it("When WeChat's wcc compiles every WXML file, then every page's template is in its output", () => {
    const js = wxmlToJs(DIST, { maxBuffer: 64 * 1024 * 1024 })
    for (const page of allPages(appJson())) expect(js, page).toContain(`${page}.wxml`)
  })

  it("When WeChat's wcsc compiles every WXSS file, then it accepts them all", () => {
    const wxss = files(DIST)
      .filter((f) => f.endsWith('.wxss'))
      .map((f) => path.relative(DIST, f))
    expect(wxss.length).toBeGreaterThan(3)
    expect(wcsc(DIST, wxss)).toEqual({ ok: true, message: '' })
  })

  it('When the compilers meet broken WXML or WXSS, then they refuse it (the checks above can fail)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weapp-broken-'))
    writeFileSync(path.join(dir, 'bad.wxml'), '<view><text>{{x}</text></view>')
    writeFileSync(path.join(dir, 'bad.wxss'), '.a { color: red;\n .b {')
    expect(() => wxmlToJs(dir)).toThrow(/wxml/)
    expect(wcsc(dir, ['bad.wxss']).ok).toBe(false)
  })

  it('When the JS is scanned, then it uses neither eval nor new Function', () => {
    const offenders = files(DIST)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /\beval\(|new Function\(|\bFunction\(["']return this["']\)/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(DIST, f))
    expect(offenders).toEqual([])
  })

  it("When the JS is scanned, then none of the H5 build's emulator bridge or per-tab dev identity is in it", () => {
    const offenders = files(DIST)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /\/h5\/|x-dev-openid|dev-identity|sessionStorage/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(DIST, f))
    expect(offenders).toEqual([])
  })

  it("When the output is scanned, then none of the H5 shell is in it (Taro's H5 navigation bar and toast styles, the sheets' browser-history back)", () => {
    // taro.js is Taro's own runtime, which has a history of its own; ours is everything else.
    const offenders = files(DIST)
      .filter((f) => (f.endsWith('.js') && path.basename(f) !== 'taro.js') || f.endsWith('.wxss'))
      .filter((f) => /taro-navigation-bar|taro__toast|popstate|pushState|返回首页/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(DIST, f))
    expect(offenders).toEqual([])
  })

  it('When the packages are measured, then main ≤ 600 KB and each subpackage ≤ 500 KB', () => {
    const subs = subpackagesOf(appJson()).map((s) => s.root.replace(/\/$/, ''))
    const sizes = new Map<string, number>([['main', 0], ...subs.map((s) => [s, 0] as [string, number])])
    for (const f of files(DIST)) {
      const rel = path.relative(DIST, f).split(path.sep).join('/')
      if (rel.endsWith('.map')) continue
      const owner = subs.find((s) => rel.startsWith(s + '/')) ?? 'main'
      sizes.set(owner, sizes.get(owner)! + statSync(f).size)
    }
    const lines = [...sizes].map(([name, bytes]) => `  ${name.padEnd(24)} ${(bytes / KB).toFixed(1)} KB`)
    console.log(`weapp package sizes:\n${lines.join('\n')}`)
    expect(sizes.get('main')!).toBeLessThanOrEqual(BUDGET.main)
    for (const s of subs) expect(sizes.get(s)!, s).toBeLessThanOrEqual(BUDGET.subpackage)
  })
})
