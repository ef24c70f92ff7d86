/** Saves a Blob as a file through a link: no `downloads` permission needed. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download holds its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
