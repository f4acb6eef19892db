// vitest globalSetup of the `functions` project: the tests run the same
// bundles that are deployed.
import { buildFunctions } from '../../scripts/lib/functions'

export default async function setup() {
  await buildFunctions()
}
