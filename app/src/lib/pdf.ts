// Downloading a document's PDF: the file saved under its number, or one clear line saying why not.
import { ApiError, fetchBlob } from "@/api/client";

export function pdfErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "pdf_unavailable") return `This server cannot make PDFs yet. ${e.message}`;
    if (e.status === 403) return "Your role does not allow this.";
    return `Could not make the PDF: ${e.message}`;
  }
  return "Could not make the PDF.";
}

/** Fetch the PDF and hand it to the browser as a download named `filename`. */
export async function downloadPdf(url: string, filename: string): Promise<void> {
  const blob = await fetchBlob(url);
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
