// Runs first in <body>: tells GOV.UK Frontend's styles that JavaScript is on.
document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
}
