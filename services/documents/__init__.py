"""Documents of a case: append-only versions in a content-addressed store, with a ZGW
vertrouwelijkheidaanduiding read by the authorization policy (services/policy/__init__.py), and the generated
besluit (services/documents/besluit.py)."""

from services.documents.changes import add_version, delete_document
from services.documents.queries import document_page, get_document, list_documents, open_version
from services.documents.service import NewDocument, upload_document
from services.documents.types import DocumentType, Vertrouwelijkheid, document_typen

__all__ = [
    "DocumentType",
    "NewDocument",
    "Vertrouwelijkheid",
    "add_version",
    "delete_document",
    "document_page",
    "document_typen",
    "get_document",
    "list_documents",
    "open_version",
    "upload_document",
]
