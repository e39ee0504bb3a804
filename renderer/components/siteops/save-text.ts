import { startDownload } from '../../lib/download';

/** Saves text the renderer made (an export, a snapshot) as a download, in either host. */
export function saveText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  startDownload(url, fileName);
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
