// H5 only: app.tsx requires this module on H5 builds alone (weapp has native
// toasts and no browser back), so neither it nor its stylesheet is in the
// weapp bundle. See h5-shell.scss for what the styles do.
import { listenForSheetBack } from '../components/sheet/back'
import './h5-shell.scss'

// Back closes an open sheet first; this has to listen before the router does.
listenForSheetBack()
