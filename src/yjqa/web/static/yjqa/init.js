// Start GOV.UK Frontend's JavaScript components (loaded as a module by templates/base.html).
// A separate file rather than an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline'. initAll() does nothing unless <body> has the govuk-frontend-supported class.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
