// A background job's progress page: asks the page's JSON view every second and updates the
// bar, the live line and the result link, without a reload. When the job fails, the page is
// loaded once more so the server writes the GOV.UK error summary with every problem. Without
// JavaScript the page says where it was when it loaded, with a "refresh this page" link.
// A static file, for the CSP.
const panel = document.getElementById('job')

if (panel && !['done', 'failed'].includes(panel.dataset.state)) {
  const url = panel.dataset.statusUrl
  const bar = document.getElementById('job-progress')
  const percent = document.getElementById('job-percent')
  const text = document.getElementById('job-message-text')
  const state = document.getElementById('job-state')
  const result = document.getElementById('job-result')
  const link = document.getElementById('job-result-link')
  const refresh = document.getElementById('job-refresh')
  const names = { queued: 'Waiting to start', running: 'Running', done: 'Done', failed: 'Failed' }

  const show = (job) => {
    const value = Math.round(job.progress * 100)
    bar.value = value
    bar.textContent = `${value}%`
    percent.textContent = `${value}%`
    text.textContent = job.message && job.state !== 'failed' ? `: ${job.message}` : ''
    state.textContent = names[job.state] || job.state
    state.className = 'govuk-tag' + ({ done: ' govuk-tag--green', failed: ' govuk-tag--red', queued: ' govuk-tag--grey' }[job.state] || '')
    panel.dataset.state = job.state
    if (job.state === 'done') {
      document.getElementById('job-progress-panel').classList.add('govuk-!-display-none')
      if (refresh) refresh.remove()
      if (job.result_url) {
        link.href = job.result_url
        result.classList.remove('govuk-!-display-none')
        link.focus()
      }
    }
  }

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (response.ok) {
        const job = await response.json()
        if (job.state === 'failed') {
          window.location.reload()
          return
        }
        show(job)
        if (job.state === 'done') return
      }
    } catch (error) {
      // A dropped request: try again at the next tick.
    }
    window.setTimeout(poll, 1000)
  }
  window.setTimeout(poll, 500)
}
