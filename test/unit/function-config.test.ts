// A cloud function's config.json and cloudfunctions/http-routes.json, checked
// as CloudBase reads them (the build refuses what fails here).
import { describe, expect, it } from 'vitest'
import { ConfigError, parseFunctionConfig, parseHttpRoutes } from '../../emulator/functions/config'

describe('function config.json', () => {
  it('When permissions and one timer trigger are given, then both are read', () => {
    const c = parseFunctionConfig({
      permissions: { openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'] },
      triggers: [{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }],
    })
    expect(c.permissions.openapi).toEqual(['subscribeMessage.send', 'wxacode.getUnlimited'])
    expect(c.triggers.map(({ name, type, config }) => ({ name, type, config }))).toEqual([{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }])
  })

  it('When the file is an empty object, then the function has no permissions and no trigger', () => {
    expect(parseFunctionConfig({})).toEqual({ permissions: { openapi: [] }, triggers: [] })
  })

  it.each([
    ['two triggers', { triggers: [{ name: 'a', type: 'timer', config: '0 0 * * * * *' }, { name: 'b', type: 'timer', config: '0 0 * * * * *' }] }, '只支持一个触发器'],
    ['an unknown trigger type', { triggers: [{ name: 'a', type: 'cos', config: '0 0 * * * * *' }] }, '「cos」不支持'],
    ['a bad cron', { triggers: [{ name: 'a', type: 'timer', config: '0 */5 * * * *' }] }, 'cron 表达式「0 */5 * * * *」无效'],
    ['a cron out of range', { triggers: [{ name: 'a', type: 'timer', config: '0 0 25 * * * *' }] }, '超出范围 0-23'],
    ['a trigger name starting with a digit', { triggers: [{ name: '1a', type: 'timer', config: '0 0 * * * * *' }] }, 'name「1a」不合法'],
    ['triggers not an array', { triggers: { name: 'a' } }, 'triggers 必须是数组'],
    ['a misspelt key', { trigger: [] }, '不认识的字段：trigger'],
    ['an open API name without a dot', { permissions: { openapi: ['send'] } }, '「send」不是接口名'],
    ['not an object', [], '必须是一个 JSON 对象'],
  ])('When config.json has %s, then it is refused', (_name, raw, message) => {
    expect(() => parseFunctionConfig(raw, 'sweep/config.json')).toThrow(ConfigError)
    expect(() => parseFunctionConfig(raw, 'sweep/config.json')).toThrow(message)
  })
})

describe('http-routes.json', () => {
  it('When routes are listed, then each path maps to its function', () => {
    expect(parseHttpRoutes({ routes: [{ path: '/devices', function: 'device' }, { path: '/', function: 'web' }] })).toEqual([
      { path: '/devices', function: 'device' },
      { path: '/', function: 'web' },
    ])
    expect(parseHttpRoutes({ routes: [] })).toEqual([])
  })

  it.each([
    ['a path without a leading slash', { routes: [{ path: 'devices', function: 'device' }] }, 'path「devices」不合法'],
    ['a trailing slash', { routes: [{ path: '/devices/', function: 'device' }] }, 'path「/devices/」不合法'],
    ['a repeated path', { routes: [{ path: '/a', function: 'x' }, { path: '/a', function: 'y' }] }, '重复'],
    ['no function', { routes: [{ path: '/a' }] }, 'function「undefined」'],
  ])('When http-routes.json has %s, then it is refused', (_name, raw, message) => {
    expect(() => parseHttpRoutes(raw)).toThrow(ConfigError)
    expect(() => parseHttpRoutes(raw)).toThrow(message)
  })
})
