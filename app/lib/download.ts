/** Saves `text` as a file through the browser's download (no server involved). */
export function downloadText(name: string, text: string, type: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Some browsers start the download after click() returns: free the blob a little later.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
