"""Invoices, credit notes and bills as PDF."""

from .render import PdfUnavailable, document_context, document_pdf, pdf_engine

__all__ = ["PdfUnavailable", "document_context", "document_pdf", "pdf_engine"]
