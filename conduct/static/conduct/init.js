// Starts GOV.UK Frontend and MOJ Frontend components on every page.
import { initAll as initGovUK } from '../govuk-frontend.min.js'
import { initAll as initMoj } from '../moj-frontend.min.js'

initGovUK()
initMoj()
