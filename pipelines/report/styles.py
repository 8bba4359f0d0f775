"""Shared named styles, conditional-format looks and print setup for every sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.properties import PageSetupProperties

from pipelines.settings.report import ReportConfig, ValueStyle

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Names of the shared cell styles; one per look, registered once per workbook.
HEADER = "cs_header"
TITLE = "cs_title"
SECTION = "cs_section"
LABEL = "cs_label"
TEXT = "cs_text"
VALUE = "cs_value"
WRAP = "cs_wrap"
NOTE = "cs_note"
LINK = "cs_link"
INTEGER = "cs_integer"
DECIMAL = "cs_decimal"
PERCENT = "cs_percent"
DATE = "cs_date"
DATETIME = "cs_datetime"
FLAG = "cs_flag"

# Column kind -> cell style (None: the default style, cheapest to write).
KIND_STYLES: dict[str, str | None] = {
    "text": None,
    "yesno": None,
    "flag": None,
    "wrap": WRAP,
    "email": LINK,
    "integer": INTEGER,
    "decimal": DECIMAL,
    "percent": PERCENT,
    "date": DATE,
    "datetime": DATETIME,
}


Looks = dict[str, StyleArray]


def register_styles(wb: Workbook, config: ReportConfig) -> Looks:
    """Add the shared named styles to `wb`; returns each one's style array for fast cells."""
    style = config.style
    fmt = config.formats

    def font(**kwargs: object) -> Font:
        size = kwargs.pop("size", style.font_size)
        return Font(name=style.font_name, size=size, **kwargs)

    named = [
        NamedStyle(
            name=HEADER,
            font=font(bold=True, color=style.header_font_colour),
            fill=PatternFill("solid", fgColor=style.header_fill),
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        NamedStyle(name=TITLE, font=font(bold=True, size=style.title_font_size)),
        NamedStyle(
            name=SECTION,
            font=font(bold=True),
            fill=PatternFill("solid", fgColor=style.section_fill),
        ),
        NamedStyle(name=LABEL, font=font(bold=True)),
        NamedStyle(name=TEXT, font=font()),
        NamedStyle(name=VALUE, font=font(), alignment=Alignment(horizontal="left")),
        NamedStyle(name=WRAP, font=font(), alignment=Alignment(wrap_text=True)),
        NamedStyle(name=NOTE, font=font(bold=True, color=style.flag_font_colour)),
        NamedStyle(name=LINK, font=font(color=style.link_font_colour, underline="single")),
        NamedStyle(name=INTEGER, font=font(), number_format=fmt.integer),
        NamedStyle(name=DECIMAL, font=font(), number_format=fmt.decimal),
        NamedStyle(name=PERCENT, font=font(), number_format=fmt.percent),
        NamedStyle(name=DATE, font=font(), number_format=fmt.date),
        NamedStyle(name=DATETIME, font=font(), number_format=fmt.datetime),
        NamedStyle(
            name=FLAG,
            font=font(bold=True, color=style.flag_font_colour),
            fill=PatternFill("solid", fgColor=style.flag_fill),
        ),
    ]
    for item in named:
        wb.add_named_style(item)
    return {item.name: item.as_tuple() for item in named}


def value_font(look: ValueStyle, config: ReportConfig | None = None) -> Font:
    """Font of a category value (level, recommendation); named when `config` is given."""
    name = config.style.font_name if config is not None else None
    size = config.style.font_size if config is not None else None
    return Font(name=name, size=size, color=look.font, bold=look.bold, italic=look.italic)


def value_fill(look: ValueStyle) -> PatternFill | None:
    """Fill of a category value, None when it has none."""
    if look.fill is None:
        return None
    return PatternFill("solid", fgColor=look.fill, bgColor=look.fill)


def value_dxf(look: ValueStyle) -> DifferentialStyle:
    """Conditional-format look of a category value."""
    return DifferentialStyle(font=value_font(look), fill=value_fill(look))


def flag_dxf(config: ReportConfig) -> DifferentialStyle:
    """Conditional-format look of a red-flag cell."""
    colour = config.style.flag_fill
    return DifferentialStyle(
        font=Font(bold=True, color=config.style.flag_font_colour),
        fill=PatternFill("solid", fgColor=colour, bgColor=colour),
    )


def ask_dxf(config: ReportConfig) -> DifferentialStyle:
    """Conditional-format look of an "Ask: ..." cell (a fact the export did not state)."""
    colour = config.style.ask_fill
    return DifferentialStyle(
        font=Font(italic=True, color=config.style.ask_font_colour),
        fill=PatternFill("solid", fgColor=colour, bgColor=colour),
    )


def apply_print_setup(ws: WriteOnlyWorksheet, config: ReportConfig, title_rows: str | None) -> None:
    """Landscape, one page wide, repeated title rows, page numbers in the footer.

    Must run before the first row is written (write-only sheets emit their top part then).
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    if title_rows is not None:
        ws.print_title_rows = title_rows
    text = config.text
    ws.oddFooter.left.text = text.footer_left
    ws.oddFooter.center.text = text.footer_center
    ws.oddFooter.right.text = text.footer_right
