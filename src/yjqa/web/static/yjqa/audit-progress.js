// The case audit form's progress line ("7 of 12 key questions answered"), kept up to date as
// the auditor answers. The server writes the same line, so without JavaScript it is still
// right when the page loads; this only saves a reload. A static file, for the CSP.
const form = document.querySelector('[data-yjqa-audit-form]')
const line = document.getElementById('audit-progress')

if (form && line) {
  const total = Number(line.dataset.total)
  const update = () => {
    const answered = new Set()
    for (const input of form.querySelectorAll('input[type="radio"][name^="kq_"]:checked')) {
      answered.add(input.name)
    }
    const noun = total === 1 ? 'key question' : 'key questions'
    line.textContent = `${answered.size} of ${total} ${noun} answered`
  }
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name.startsWith('kq_')) {
      update()
    }
  })
}
