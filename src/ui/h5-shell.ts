// H5 only: app.tsx requires this module on H5 builds alone (weapp has no
// browser back), so none of it is in the weapp bundle.
import { listenForSheetBack } from '../components/sheet/back'

// Back closes an open sheet first; this has to listen before the router does.
listenForSheetBack()
