// Shows only the follow-on questions for the radio answer chosen.
// Markup: <div class="conduct-reveal" data-reveal-name="who" data-reveal-value="new">…</div>
// placed after the radios. Without JavaScript every follow-on question shows.
function sync (form, name) {
  const chosen = form.querySelector(`input[type="radio"][name="${name}"]:checked`)
  for (const block of form.querySelectorAll(`.conduct-reveal[data-reveal-name="${name}"]`)) {
    block.hidden = !chosen || chosen.value !== block.dataset.revealValue
  }
}

for (const form of document.querySelectorAll('form')) {
  const names = new Set([...form.querySelectorAll('.conduct-reveal')].map((b) => b.dataset.revealName))
  for (const name of names) {
    sync(form, name)
    form.addEventListener('change', (event) => {
      if (event.target.name === name) sync(form, name)
    })
  }
}
