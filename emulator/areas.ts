// Every emulator area registers its admin actions and routes here.
import type { EmulatorContext } from './context'

export const areas: Array<(emu: EmulatorContext) => void> = []
