// Start GOV.UK Frontend's JavaScript components (loaded as a module by templates/base.html).
// A separate file rather than an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline'. initAll() does nothing unless <body> has the govuk-frontend-supported class.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()

// Wide tables scroll sideways on small screens. Each `table.govuk-table` wider than its
// container is wrapped in a scrolling region (.yjqa-table-scroll in yjqa.css) that a keyboard
// can reach (tabindex="0") and a screen reader names from the table's caption, so axe's
// scrollable-region-focusable rule passes. Runs on load, when the window is resized (a phone
// turned round) and after htmx swaps content in.
const WRAPPER = 'yjqa-table-scroll'

function tableName (table) {
  const caption = table.caption && table.caption.textContent.replace(/\s+/g, ' ').trim()
  const name = caption || table.getAttribute('aria-label') || 'Table'
  return `${name} (scroll sideways to see all of it)`
}

export function wrapWideTables (root = document) {
  for (const table of root.querySelectorAll('table.govuk-table')) {
    const container = table.parentElement
    if (!container || container.classList.contains(WRAPPER)) continue
    const style = window.getComputedStyle(container)
    const room = container.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    if (table.offsetWidth <= room) continue
    const wrapper = document.createElement('div')
    wrapper.className = WRAPPER
    wrapper.tabIndex = 0
    wrapper.setAttribute('role', 'region')
    wrapper.setAttribute('aria-label', tableName(table))
    table.before(wrapper)
    wrapper.append(table)
  }
}

wrapWideTables()
let resizing
window.addEventListener('resize', () => {
  clearTimeout(resizing)
  resizing = setTimeout(() => wrapWideTables(), 200)
})
document.addEventListener('htmx:afterSettle', (event) => wrapWideTables(event.target))
