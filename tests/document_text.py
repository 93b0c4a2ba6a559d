"""The text a document model holds, line by line in reading order: the oracle the renderers'
tests read their DOCX and PDF back against."""

from __future__ import annotations

from app.documents.model import (
    MOTTO,
    NATIONAL_TITLE,
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recipients,
    SignatureColumn,
    Signatures,
    Table,
    Title,
)


def text_lines(document: Document) -> list[str]:
    """Every line of text in reading order: what both renderers must print."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, HeaderBlock):
            lines += [block.parent_agency.upper(), block.unit.upper()]
            if block.number and block.place_date:  # a row of their own, under the names
                lines += [NATIONAL_TITLE, MOTTO, block.number, block.place_date]
            else:
                lines += [block.number] if block.number else []
                lines += [NATIONAL_TITLE, MOTTO]
                lines += [block.place_date] if block.place_date else []
        elif isinstance(block, Title):
            lines += [block.kind, *block.lines]
        elif isinstance(block, Paragraph | Heading):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines += [*block.headers, *(cell for row in block.rows for cell in row)]
        elif isinstance(block, Signatures):
            for column in (block.left, block.right, block.below):
                if isinstance(column, Recipients):
                    lines += ["Nơi nhận:", *column.items]
                elif isinstance(column, SignatureColumn):
                    lines += [*column.lines, *([column.note] if column.note else [])]
                    lines += column.names
    return lines
