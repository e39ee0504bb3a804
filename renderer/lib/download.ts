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

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}
