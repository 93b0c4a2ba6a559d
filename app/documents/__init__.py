"""The dossier's documents: one document model, rendered to DOCX (python-docx) and PDF."""
