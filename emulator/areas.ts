// Every emulator area registers its admin actions and routes here.
import type { EmulatorContext } from './context'
import { registerDatabase } from './database'
import { registerConsole } from './console'
import { registerStorage } from './storage'
import { registerSms } from './sms'
import { registerOpenApi } from './openapi'
import { registerPay } from './pay'
import { registerTriggers } from './functions/triggers'
import { registerHttpAccess } from './functions/http'
import { registerLotSimulator } from './lot/simulator'
import { registerCardPlatform } from './card/simulator'

export const areas: Array<(emu: EmulatorContext) => void> = [registerDatabase, registerConsole, registerStorage, registerSms, registerOpenApi, registerPay, registerTriggers, registerHttpAccess, registerLotSimulator, registerCardPlatform]
