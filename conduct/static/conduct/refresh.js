// A page waiting for background work (`data-refresh-while`) asks for itself again every few
// seconds and swaps in its changed parts (`data-refresh-part`, by id), so the status region
// (role="status") is the same element with new words and screen readers announce it politely.
// Without JavaScript the page's own "Check again now" link does the same.
const EVERY_MS = 3000

async function refresh () {
  const response = await fetch(window.location.href, { headers: { Accept: 'text/html' } })
  if (!response.ok) return
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html')
  for (const part of fresh.querySelectorAll('[data-refresh-part]')) {
    const here = document.getElementById(part.id)
    if (here && here.innerHTML !== part.innerHTML) here.innerHTML = part.innerHTML
  }
  document.title = fresh.title
  if (fresh.querySelector('[data-refresh-while]')) {
    window.setTimeout(refresh, EVERY_MS)
  } else {
    document.querySelector('[data-refresh-while]')?.removeAttribute('data-refresh-while')
  }
}

if (document.querySelector('[data-refresh-while]')) window.setTimeout(refresh, EVERY_MS)
