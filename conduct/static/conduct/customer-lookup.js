// Finds the customer as the officer types (accessible-autocomplete, loaded before this file).
// Markup: <div class="conduct-customer-lookup" data-source="/incidents/log/customers/"
// data-fills="id_customer_reference"> holding the search box and the "Find customer" button.
// Choosing a person fills in their reference in the box data-fills names. Without JavaScript
// the button finds them on the page instead.
const SHORTEST = 3
const WAIT_MS = 250

function escaped (text) {
  const span = document.createElement('span')
  span.textContent = text
  return span.innerHTML
}

function searcher (url) {
  let timer = null
  let pending = null
  return (query, populate) => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      if (pending) pending.abort()
      pending = new AbortController()
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
          signal: pending.signal
        })
        populate(response.ok ? (await response.json()).results : [])
      } catch (error) {
        if (error.name !== 'AbortError') populate([])
      }
    }, WAIT_MS)
  }
}

function enhance (lookup) {
  const input = lookup.querySelector('input[type="text"]')
  const reference = document.getElementById(lookup.dataset.fills)
  if (!input || !reference || !window.accessibleAutocomplete) return
  const holder = document.createElement('div')
  const hint = input.getAttribute('aria-describedby')
  input.replaceWith(holder)
  window.accessibleAutocomplete({
    element: holder,
    id: input.id,
    name: input.name,
    defaultValue: input.value,
    minLength: SHORTEST,
    showNoOptionsFound: true,
    source: searcher(lookup.dataset.source),
    templates: {
      inputValue: (person) => (person ? person.name : ''),
      suggestion: (person) => (typeof person === 'string' ? escaped(person) : escaped(person.label))
    },
    tNoResults: () => 'No customer found: check the spelling or add their date of birth',
    tStatusQueryTooShort: (shortest) => `Type ${shortest} or more characters to find a customer`,
    onConfirm: (person) => {
      if (person) reference.value = person.reference
    }
  })
  const enhanced = holder.querySelector('input')
  if (hint && enhanced) {
    const own = enhanced.getAttribute('aria-describedby')
    enhanced.setAttribute('aria-describedby', own ? `${hint} ${own}` : hint)
  }
  lookup.querySelector('.conduct-customer-lookup__button').hidden = true
}

for (const lookup of document.querySelectorAll('.conduct-customer-lookup')) enhance(lookup)
