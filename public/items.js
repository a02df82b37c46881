// Progressive enhancement of "my items": htmx swaps the updated row in place. When htmx cannot
// (the server refused with a page, or the network failed), the form is submitted the plain way,
// so the user always gets an answer. No inline scripts or styles (CSP).
document.addEventListener('htmx:responseError', (event) => {
  const form = event.detail && event.detail.elt;
  if (form && form.tagName === 'FORM') form.submit();
});
