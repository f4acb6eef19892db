// Every emulator area registers its admin actions and routes here.
import type { EmulatorContext } from './context'
import { registerDatabase } from './database'
import { registerConsole } from './console'

export const areas: Array<(emu: EmulatorContext) => void> = [registerDatabase, registerConsole]
