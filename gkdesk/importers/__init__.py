"""File → domain objects. Never imports Qt; heavy libraries (python-docx, openpyxl) load lazily."""
from .notice import import_file, import_html, import_text

__all__ = ["import_file", "import_html", "import_text"]
