// zod probes `new Function` to decide whether to compile its validators; under the app's CSP
// (no 'unsafe-eval') that probe is refused and reported as a violation, whichever schema in
// the page is parsed first. Interpreted validation is all the renderer's small messages need.
// Imported first by the page's entry, so it holds before any schema runs.
import { z } from 'zod'

z.config({ jitless: true })
