/** Starts a browser download of a URL the web host gave (`export:save` → `downloadUrl`). */
export function startDownload(url: string, fileName?: string): void {
  const link = document.createElement('a');
  link.href = url;
  if (fileName) link.download = fileName;
  else link.setAttribute('download', '');
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves bytes the renderer made (an export, a report, a snapshot) as a download, in either host. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  startDownload(url, fileName);
  // Long enough for the browser to have started the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `saveBlob` for text. */
export function saveText(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type }), fileName);
}

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}
