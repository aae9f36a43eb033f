"""A small document writer over fpdf2: headings, paragraphs, key-value rows and tables.

fpdf2 is pure Python with no system dependencies, so the same PDFs render on every machine; its
core fonts cover Latin-1, so text is folded to it (dashes, quotes) before it is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

_FOLD = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "•": "-",
        "…": "...",
        "≤": "<=",
        "≥": ">=",
    }
)


def latin1(text: str) -> str:
    """Text the PDF core fonts can show: typographic marks folded, anything else replaced."""
    return text.translate(_FOLD).encode("latin-1", "replace").decode("latin-1")


class Document:
    """A one-column business document: letterhead, headings, paragraphs, tables."""

    def __init__(self, title: str, organization: str = "Example Health") -> None:
        self._pdf = FPDF(format="Letter")
        self._pdf.set_title(latin1(title))
        self._pdf.set_author(latin1(organization))
        self._pdf.set_auto_page_break(auto=True, margin=18)
        self._pdf.add_page()
        self._pdf.set_font("Helvetica", "B", 15)
        self._pdf.cell(0, 9, latin1(organization), new_x="LMARGIN", new_y="NEXT")
        self._pdf.set_font("Helvetica", "B", 13)
        self._pdf.cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(3)

    def heading(self, text: str) -> None:
        self._pdf.ln(2)
        self._pdf.set_font("Helvetica", "B", 11)
        self._pdf.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str) -> None:
        self._pdf.set_font("Helvetica", "", 10)
        self._pdf.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(1)

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label: value rows, for names, dates and numbers."""
        for label, value in rows:
            self._pdf.set_font("Helvetica", "B", 10)
            self._pdf.cell(55, 5, latin1(f"{label}:"))
            self._pdf.set_font("Helvetica", "", 10)
            self._pdf.multi_cell(0, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A ruled table; long cells wrap."""
        self._pdf.set_font("Helvetica", "", 8)
        with self._pdf.table(text_align="LEFT", line_height=4) as table:
            table.row([latin1(cell) for cell in header])
            for row in rows:
                table.row([latin1(cell) for cell in row])
        self._pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self._pdf.output())
