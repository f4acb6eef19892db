// Runs an emulator in its own process (for tests that kill it with SIGKILL).
// argv[2] = data folder; prints `{"url": …}` once listening.
import { startTestEmulator } from './emulator'

startTestEmulator({ dataDir: process.argv[2], extraCollections: [{ name: 'items', indexes: [] }] }).then((emu) => {
  process.stdout.write(JSON.stringify({ url: emu.url, envId: emu.config.envId }) + '\n')
})
