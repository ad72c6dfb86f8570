/** Saves `href` (a data: or blob: URL) as `fileName` through a temporary link, as a download. */
export function downloadHref(document: Document, href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** Saves text (CSV, JSON) as a file. */
export function downloadText(document: Document, text: string, fileName: string, type: string): void {
  const view = document.defaultView;
  const url = view?.URL.createObjectURL(new Blob([text], { type }));
  if (!url) return;
  downloadHref(document, url, fileName);
  // Give the browser the time to start the download before the URL goes.
  view?.setTimeout(() => view.URL.revokeObjectURL(url), 10_000);
}
