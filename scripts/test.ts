// `npm test`: everything, in order — type checks, the builds the suites test
// (cloud functions, weapp, H5), then one vitest run over every project
// (unit, emulator, functions, components, weapp checks, e2e in Chromium,
// automator). Ends with the plain line `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './lib/functions'

interface Tally {
  passed: number
  failed: number
  skipped: number
}
const tally: Tally = { passed: 0, failed: 0, skipped: 0 }
const failures: string[] = []
const timings: string[] = []

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const started = Date.now()
  console.log(`\n▶ ${name}`)
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = r.status === 0
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return ok
}

function check(name: string, cmd: string, args: string[], env: Record<string, string> = {}) {
  if (step(name, cmd, args, env)) tally.passed++
  else {
    tally.failed++
    failures.push(name)
  }
}

const npx = (bin: string) => path.join(ROOT, 'node_modules', '.bin', bin)
const only = process.argv.slice(2) // e.g. `npm test -- test/unit` narrows the vitest run

check('type check (app, functions, emulator, tests)', npx('tsc'), ['-p', 'tsconfig.json', '--noEmit'])
check('build cloud functions', npx('tsx'), ['scripts/build.ts', '--functions'])
check('build weapp', npx('tsx'), ['scripts/build.ts', '--weapp'])
check('build H5', npx('tsx'), ['scripts/build.ts', '--h5'])

const report = path.join(ROOT, '.tmp', 'vitest-report.json')
mkdirSync(path.dirname(report), { recursive: true })
rmSync(report, { force: true })
step('vitest: unit, emulator, functions, components, weapp, e2e, automator', npx('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...only,
])
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
    numFailedTestSuites: number
    testResults: Array<{ name: string; status: string; message?: string; assertionResults: Array<{ status: string; fullName: string }> }>
  }
  tally.passed += json.numPassedTests
  tally.failed += json.numFailedTests
  tally.skipped += json.numPendingTests + json.numTodoTests
  for (const file of json.testResults) {
    for (const t of file.assertionResults) if (t.status === 'failed') failures.push(t.fullName)
    // A file that failed to load has no assertion results: count it as a failure.
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) {
      tally.failed++
      failures.push(`${path.relative(ROOT, file.name)} (did not run: ${file.message?.split('\n')[0] ?? 'error'})`)
    }
  }
} catch {
  tally.failed++
  failures.push('vitest produced no report')
}

console.log('\nTimings:\n  ' + timings.join('\n  '))
if (failures.length) console.log('\nFailed:\n  ' + failures.join('\n  '))
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`)
process.exit(tally.failed > 0 || tally.passed === 0 ? 1 : 0)
