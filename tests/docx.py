"""Reading a Word document back, as a person would: python-docx opens it; its text is the body's paragraphs and
tables in order, then the footnotes (read from word/footnotes.xml: python-docx has no footnote API)."""

import io
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree, html
from pypdf import PdfReader


def docx_document(data: bytes):
    return Document(io.BytesIO(data))


def _table_lines(table: Table) -> list[str]:
    lines, seen = [], set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell comes back once for each column or row it spans
                continue
            seen.add(cell._tc)
            for block in cell.iter_inner_content():
                lines += _table_lines(block) if isinstance(block, Table) else [block.text]
    return lines


def docx_body_lines(data: bytes) -> list[str]:
    """The text of each paragraph of the body, tables' cells included, in order."""
    lines = []
    for block in docx_document(data).iter_inner_content():
        lines += _table_lines(block) if isinstance(block, Table) else [block.text]
    return lines


def docx_footnotes(data: bytes) -> list[str]:
    """The text of each footnote (not Word's separators), in order; [] without a footnotes part."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes = [note for note in root.iter(qn("w:footnote")) if note.get(qn("w:type")) is None]
    return [" ".join("".join(t.text or "" for t in note.iter(qn("w:t"))).split()) for note in notes]


def docx_text(data: bytes) -> str:
    """The body and the footnotes as one text, white space collapsed (as `tests.pdf.pdf_text` gives a PDF's)."""
    return " ".join(" ".join([*docx_body_lines(data), *docx_footnotes(data)]).split())


def figures(text: str) -> set[str]:
    """The numbers of a text as written ("1.251", "83,3%", "20/7/2021", not the "25" of "25/TTr-VKS"): what a Word
    copy must have as its PDF has."""
    tokens = (token.strip(".,;:()[]“”\"'") for token in text.split())
    return {token for token in tokens if re.fullmatch(r"\d[\d.,/%]*", token)}


def pdf_page_numbers(data: bytes) -> set[str]:
    """The page numbers a PDF prints at the top of its pages (from page 2): in its text, not in the Word copy's
    body (Word numbers the pages in a header field)."""
    return {str(number) for number in range(2, len(PdfReader(io.BytesIO(data)).pages) + 1)}


def drawn_figures(document_html: str) -> set[str]:
    """The numbers written inside the HTML's SVG charts: text in the PDF, a picture in the Word copy."""
    root = html.document_fromstring(document_html)
    return figures(" ".join(" ".join(svg.itertext()) for svg in root.iter("svg")))
